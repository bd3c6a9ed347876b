# The ECS enforcement matrix: every implemented ECS operation as a principal with no permissions and as one allowed
# ecs:* (see Enforcement/enforcement_common.py for the principals, the run and the output).
from enforcement_common import Matrix, root

matrix = Matrix("ecs", "ecs:*")
ecs = root("ecs")
CONTAINERS = [{"name": "app", "image": "public.example.com/app:1", "memory": 128}]
cluster = ecs.create_cluster(clusterName="enforce")["cluster"]["clusterArn"]
definition = ecs.register_task_definition(family="enforce", containerDefinitions=CONTAINERS)["taskDefinition"]["taskDefinitionArn"]
instance = ecs.register_container_instance(cluster="enforce", totalResources=[
    {"name": "CPU", "type": "INTEGER", "integerValue": 4096}, {"name": "MEMORY", "type": "INTEGER", "integerValue": 8192}])["containerInstance"]["containerInstanceArn"]
task = ecs.run_task(cluster="enforce", taskDefinition="enforce", launchType="EC2")["tasks"][0]["taskArn"]
on_cluster = {"cluster": "enforce"}

matrix.run({
    "CreateCluster": {"clusterName": "enforce-{who}"},
    "DescribeClusters": {"clusters": ["enforce"]},
    "ListClusters": {},
    "DeleteCluster": {"cluster": "enforce-ghost"},
    "RegisterTaskDefinition": {"family": "enforce-{who}", "containerDefinitions": CONTAINERS},
    "DescribeTaskDefinition": {"taskDefinition": "enforce"},
    "ListTaskDefinitions": {},
    "ListTaskDefinitionFamilies": {},
    "DeregisterTaskDefinition": {"taskDefinition": "enforce:999"},
    "RegisterContainerInstance": on_cluster,
    "DeregisterContainerInstance": {**on_cluster, "containerInstance": "0" * 32},
    "DescribeContainerInstances": {**on_cluster, "containerInstances": [instance]},
    "ListContainerInstances": on_cluster,
    "RunTask": {**on_cluster, "taskDefinition": definition, "launchType": "EC2"},
    "StartTask": {**on_cluster, "taskDefinition": definition, "containerInstances": [instance]},
    "DescribeTasks": {**on_cluster, "tasks": [task]},
    "ListTasks": on_cluster,
    "StopTask": {**on_cluster, "task": task},
    "TagResource": {"resourceArn": cluster, "tags": [{"key": "k", "value": "v"}]},
    "UntagResource": {"resourceArn": cluster, "tagKeys": ["k"]},
    "ListTagsForResource": {"resourceArn": cluster},
})
