using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecs;

/// <summary>Container instances and tasks: registration by the attribute convention, RunTask/StartTask validation and
/// placement, the task record, StopTask and the CLI's waiters.</summary>
public sealed class EcsTaskTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Container_instances_register_with_the_attribute_convention_and_derived_capabilities()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            ecs.create_cluster(clusterName="ci")
            doc = json.dumps({"instanceId": "i-0123456789abcdef0", "region": "us-east-1", "accountId": "000000000000",
                              "availabilityZone": "us-east-1a", "instanceType": "t3.medium"})
            old = ecs.register_container_instance(cluster="ci", instanceIdentityDocument=doc, versionInfo={"agentVersion": "1.15.0"},
                totalResources=RESOURCES, attributes=[
                    {"name": "stevedore.config/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", "value": "true"},
                    {"name": "stevedore.instance-role", "value": "arn:aws:iam::000000000000:role/instance"}])["containerInstance"]
            names = {a["name"]: a.get("value") for a in old["attributes"]}
            print(old["ec2InstanceId"], old["versionInfo"]["agentVersion"], names["stevedore.instance-role"], names["ecs.instance-type"], names["ecs.availability-zone"])
            print("ecs.capability.execution-role-ecr-pull" in names, "ecs.capability.task-eni" in names, "ecs.capability.execution-role-awslogs" in names)
            again = ecs.register_container_instance(cluster="ci", instanceIdentityDocument=doc, versionInfo={"agentVersion": "1.80.0"}, totalResources=RESOURCES,
                attributes=[{"name": "stevedore.config/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", "value": "true"}])["containerInstance"]
            names = {a["name"] for a in again["attributes"]}
            print(again["containerInstanceArn"] == old["containerInstanceArn"], again["version"], "ecs.capability.execution-role-ecr-pull" in names, "ecs.capability.execution-role-awslogs" in names)
            own = ecs.register_container_instance(cluster="ci", attributes=[{"name": "ecs.capability.env-files.s3"}])["containerInstance"]
            print(sorted(a["name"] for a in own["attributes"] if "capability" in a["name"]), own["ec2InstanceId"].startswith("i-"))
            arns = ecs.list_container_instances(cluster="ci")["containerInstanceArns"]
            print(len(arns), ecs.list_container_instances(cluster="ci", filter="attribute:ecs.capability.task-eni")["containerInstanceArns"] == [old["containerInstanceArn"]])
            described = ecs.describe_container_instances(cluster="ci", containerInstances=[old["containerInstanceArn"], "0" * 32])
            print(described["containerInstances"][0]["remainingResources"][1]["integerValue"], described["failures"][0]["reason"])
            print(ecs.deregister_container_instance(cluster="ci", containerInstance=own["containerInstanceArn"])["containerInstance"]["status"])
            print(error(lambda: ecs.deregister_container_instance(cluster="ci", containerInstance=own["containerInstanceArn"])))
            print(error(lambda: ecs.register_container_instance(cluster="ghost")))
            print(error(lambda: ecs.list_container_instances(cluster="ghost")))
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("i-0123456789abcdef0 1.15.0 arn:aws:iam::000000000000:role/instance t3.medium us-east-1a", lines[0]);
        Assert.Equal("False True False", lines[1]);
        Assert.Equal("True 2 True True", lines[2]);
        Assert.Equal("['ecs.capability.env-files.s3'] True", lines[3]);
        Assert.Equal("2 True", lines[4]);
        Assert.Equal("4096 MISSING", lines[5]);
        Assert.Equal("INACTIVE", lines[6]);
        Assert.Equal("InvalidParameterException The referenced container instance was not found.", lines[7]);
        Assert.Equal("ClusterNotFoundException Cluster not found.", lines[8]);
        Assert.Equal("ClusterNotFoundException Cluster not found.", lines[9]);
    }

    [Fact]
    public void A_fargate_task_gets_an_eni_with_an_address_from_its_subnet_and_stops_on_request()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
            ecs.create_cluster(clusterName="fg")
            # The simulated agent launches the tasks: the override role must exist and trust ECS for them to run.
            boto3.client("iam").create_role(RoleName="other", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
            ecs.register_task_definition(family="fg", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
                executionRoleArn="arn:aws:iam::000000000000:role/exec", containerDefinitions=[app()])
            net = {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}
            run = ecs.run_task(cluster="fg", taskDefinition="fg", launchType="FARGATE", count=2, networkConfiguration=net, startedBy="me",
                overrides={"executionRoleArn": "arn:aws:iam::000000000000:role/other"}, tags=[{"key": "k", "value": "v"}])
            tasks = run["tasks"]
            t = tasks[0]
            details = {d["name"]: d["value"] for d in t["attachments"][0]["details"]}
            print(len(tasks), t["lastStatus"], t["desiredStatus"], t["launchType"], t["platformVersion"], t["group"], t["startedBy"], t["availabilityZone"])
            print(details["subnetId"] == subnet, details["privateIPv4Address"], tasks[1]["attachments"][0]["details"][4]["value"])
            print(t["containers"][0]["networkInterfaces"][0]["privateIpv4Address"], t["overrides"]["executionRoleArn"], t["cpu"], t["memory"])
            print(t["taskArn"].startswith("arn:aws:ecs:us-east-1:000000000000:task/fg/"), len(t["taskArn"].split("/")[-1]))
            described = ecs.describe_tasks(cluster="fg", tasks=[t["taskArn"], "0" * 32], include=["TAGS"])
            print(described["tasks"][0]["lastStatus"], described["tasks"][0]["tags"], described["failures"][0]["reason"])
            print(sorted(a.split("/")[-1] for a in ecs.list_tasks(cluster="fg", startedBy="me")["taskArns"]) == sorted(x["taskArn"].split("/")[-1] for x in tasks))
            stopped = ecs.stop_task(cluster="fg", task=t["taskArn"], reason="done here")["task"]
            print(stopped["lastStatus"], stopped["desiredStatus"], stopped["stopCode"], stopped["stoppedReason"])
            print(len(ecs.list_tasks(cluster="fg")["taskArns"]), len(ecs.list_tasks(cluster="fg", desiredStatus="STOPPED")["taskArns"]))
            print(error(lambda: ecs.stop_task(cluster="fg", task="0" * 32)))
            print(error(lambda: ecs.describe_tasks(cluster="ghost", tasks=["x"])))
            print(ecs.describe_clusters(clusters=["fg"])["clusters"][0]["pendingTasksCount"])
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("2 PROVISIONING RUNNING FARGATE 1.4.0 family:fg me us-east-1b", lines[0]);
        Assert.Equal("True 10.20.1.4 10.20.1.5", lines[1]);
        Assert.Equal("10.20.1.4 arn:aws:iam::000000000000:role/other 256 512", lines[2]);
        Assert.Equal("True 32", lines[3]);
        Assert.Equal("RUNNING [{'key': 'k', 'value': 'v'}] MISSING", lines[4]);
        Assert.Equal("True", lines[5]);
        Assert.Equal("STOPPED STOPPED UserInitiated done here", lines[6]);
        Assert.Equal("1 1", lines[7]);
        Assert.Equal("InvalidParameterException The referenced task was not found", lines[8]);
        Assert.Equal("ClusterNotFoundException Cluster not found.", lines[9]);
        Assert.Equal("0", lines[10]);
    }

    [Fact]
    public void RunTask_answers_each_request_error_with_ecs_code_and_text()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24")["Subnet"]["SubnetId"]
            net = {"awsvpcConfiguration": {"subnets": [subnet]}}
            ecs.create_cluster(clusterName="val")
            ecs.register_task_definition(family="val-fg", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512", containerDefinitions=[app()])
            ecs.register_task_definition(family="val-bridge", containerDefinitions=[app()])
            ecs.register_task_definition(family="val-gone", containerDefinitions=[app()])
            ecs.deregister_task_definition(taskDefinition="val-gone:1")
            run = lambda **kw: (lambda: ecs.run_task(**dict({"cluster": "val"}, **kw)))
            print(error(run(cluster="ghost", taskDefinition="val-fg")))
            print(error(run(taskDefinition="val-none")))
            print(error(run(taskDefinition="val-gone:1")))
            print(error(run(taskDefinition="val-fg", launchType="FARGATE")))
            print(error(run(taskDefinition="val-bridge", launchType="FARGATE")))
            print(error(run(taskDefinition="val-bridge", launchType="EC2", networkConfiguration=net)))
            print(error(run(taskDefinition="val-fg", launchType="FARGATE", networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0000000000000000a"]}})))
            print(error(run(taskDefinition="val-fg", launchType="FARGATE", networkConfiguration=net, count=11)))
            print(error(run(taskDefinition="val-bridge", launchType="EC2")))
            print(error(run(taskDefinition="val-bridge", launchType="EC2", platformVersion="1.4.0")))
            print(error(run(taskDefinition="val-fg", launchType="FARGATE", networkConfiguration=net, platformVersion="9.9.9")))
            print(error(run(taskDefinition="val-fg", launchType="FARGATE", networkConfiguration=net, overrides={"containerOverrides": [{"name": "nope"}]})))
            print(error(lambda: ecs.start_task(cluster="val", taskDefinition="val-bridge", containerInstances=[])))
            print(ecs.start_task(cluster="val", taskDefinition="val-bridge", containerInstances=["0" * 32])["failures"][0]["reason"])
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("ClusterNotFoundException Cluster not found.", lines[0]);
        Assert.Equal("ClientException TaskDefinition not found.", lines[1]);
        Assert.Equal("InvalidParameterException TaskDefinition is inactive", lines[2]);
        Assert.Equal("InvalidParameterException Network Configuration must be provided when networkMode 'awsvpc' is specified.", lines[3]);
        Assert.Equal("InvalidParameterException Task definition does not support launch_type FARGATE.", lines[4]);
        Assert.Equal("InvalidParameterException Network Configuration is not valid for the given networkMode of this task definition.", lines[5]);
        Assert.StartsWith("InvalidParameterException Error retrieving subnet information for [subnet-0000000000000000a]", lines[6], StringComparison.Ordinal);
        Assert.Equal("InvalidParameterException count must be between 1 and 10.", lines[7]);
        Assert.Equal("InvalidParameterException No Container Instances were found in your cluster.", lines[8]);
        Assert.Equal("InvalidParameterException The platform version must be null when specifying an EC2 launch type.", lines[9]);
        Assert.StartsWith("InvalidParameterException The specified platform version does not exist", lines[10], StringComparison.Ordinal);
        Assert.Equal("InvalidParameterException Override for container named nope is not a container in the TaskDefinition.", lines[11]);
        Assert.StartsWith("InvalidParameterException", lines[12], StringComparison.Ordinal);
        Assert.Equal("MISSING", lines[13]);
    }

    [Fact]
    public void Ec2_placement_honours_capacity_and_required_capabilities()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            ecs.create_cluster(clusterName="place")
            old = ecs.register_container_instance(cluster="place", versionInfo={"agentVersion": "1.15.0"}, totalResources=RESOURCES)["containerInstance"]
            ecs.register_task_definition(family="place-ecr", executionRoleArn="arn:aws:iam::000000000000:role/exec",
                containerDefinitions=[app(image="000000000000.dkr.ecr.us-east-1.amazonaws.com/app:1")])
            run = ecs.run_task(cluster="place", taskDefinition="place-ecr", launchType="EC2")
            print(len(run["tasks"]), run["failures"][0]["reason"], run["failures"][0]["arn"] == old["containerInstanceArn"])
            new = ecs.register_container_instance(cluster="place", versionInfo={"agentVersion": "1.90.0"}, totalResources=RESOURCES)["containerInstance"]
            ecs.register_task_definition(family="place-big", containerDefinitions=[app(memory=1500)])
            run = ecs.run_task(cluster="place", taskDefinition="place-big", launchType="EC2", count=6)
            print(len(run["tasks"]), [f["reason"] for f in run["failures"]])
            print(run["tasks"][0]["containerInstanceArn"] in (old["containerInstanceArn"], new["containerInstanceArn"]), run["tasks"][0]["launchType"])
            remaining = ecs.describe_container_instances(cluster="place", containerInstances=[new["containerInstanceArn"]])["containerInstances"][0]
            print(remaining["pendingTasksCount"] + remaining["runningTasksCount"] >= 1)
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("0 ATTRIBUTE True", lines[0]);
        Assert.Equal("4 ['RESOURCE:MEMORY', 'RESOURCE:MEMORY']", lines[1]);
        Assert.Equal("True EC2", lines[2]);
        Assert.Equal("True", lines[3]);
    }

    [Fact]
    public void The_cli_waiters_follow_describe_tasks()
    {
        stevedore.Aws("ecs", "create-cluster", "--cluster-name", "wait").Succeeded();
        stevedore.Aws("ecs", "register-container-instance", "--cluster", "wait").Succeeded();
        stevedore.Aws("ecs", "register-task-definition", "--family", "wait", "--container-definitions", """[{"name":"a","image":"nginx","memory":64}]""").Succeeded();
        var task = stevedore.Aws("ecs", "run-task", "--cluster", "wait", "--task-definition", "wait").Succeeded().Json["tasks"]![0]!["taskArn"]!.GetValue<string>();

        stevedore.Aws("ecs", "stop-task", "--cluster", "wait", "--task", task).Succeeded();
        stevedore.Aws("ecs", "wait", "tasks-stopped", "--cluster", "wait", "--tasks", task).Succeeded();
        var running = stevedore.Aws("ecs", "wait", "tasks-running", "--cluster", "wait", "--tasks", task);
        Assert.NotEqual(0, running.ExitCode);
        Assert.Contains("Waiter TasksRunning failed: Waiter encountered a terminal failure state", running.Stderr, StringComparison.Ordinal);
        var missing = stevedore.Aws("ecs", "wait", "tasks-running", "--cluster", "wait", "--tasks", "arn:aws:ecs:us-east-1:000000000000:task/wait/" + new string('0', 32));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("terminal failure state", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_a_task_passes_its_roles_and_an_iam_user_needs_iam_PassRole()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            iam = boto3.client("iam", config=cfg)
            ecs.create_cluster(clusterName="pass")
            ecs.register_container_instance(cluster="pass", totalResources=RESOURCES)
            ecs.register_task_definition(family="pass", executionRoleArn="arn:aws:iam::000000000000:role/exec", containerDefinitions=[app()])
            iam.create_user(UserName="ecs-runner")
            iam.put_user_policy(UserName="ecs-runner", PolicyName="ecs", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="ecs-runner")["AccessKey"]
            user = boto3.client("ecs", config=cfg, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
            import time
            print(error(lambda: user.run_task(cluster="pass", taskDefinition="pass")))
            iam.put_user_policy(UserName="ecs-runner", PolicyName="pass", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
                  "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}]}))
            print(error(lambda: user.run_task(cluster="pass", taskDefinition="pass")))
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("AccessDeniedException User: arn:aws:iam::000000000000:user/ecs-runner is not authorized to perform: iam:PassRole on resource: " +
            "arn:aws:iam::000000000000:role/exec because no identity-based policy allows the iam:PassRole action", lines[0]);
        Assert.Equal("OK", lines[1]);
    }
}
