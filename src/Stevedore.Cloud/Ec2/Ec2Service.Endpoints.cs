using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ec2;

/// <summary>VPC endpoints: interface endpoints (in subnets, with private DNS) and gateway endpoints (S3, DynamoDB; in route tables).</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html
public sealed partial class Ec2Service
{
    /// <summary>Set on endpoints created without a policy (or reset): the default full-access policy applies.</summary>
    internal const string DefaultPolicyMember = "StevedoreDefaultPolicy";

    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string?>>> EndpointFilters = new()
    {
        ["vpc-endpoint-id"] = r => One(r, "VpcEndpointId"),
        ["vpc-id"] = r => One(r, "VpcId"),
        ["service-name"] = r => One(r, "ServiceName"),
        ["vpc-endpoint-type"] = r => One(r, "VpcEndpointType"),
        ["vpc-endpoint-state"] = r => One(r, "State"),
    };

    partial void RegisterEndpoints()
    {
        Operation("CreateVpcEndpoint", c => Creating(c, "vpc-endpoint"), CreateVpcEndpoint);
        Operation("DescribeVpcEndpoints", Everything, DescribeVpcEndpoints);
        Operation("ModifyVpcEndpoint", c => On(c, c.RequiredString("VpcEndpointId")), ModifyVpcEndpoint);
        Operation("DeleteVpcEndpoints", c => On(c, Strings(c.Input["VpcEndpointIds"]).FirstOrDefault() ?? "*"), DeleteVpcEndpoints);
    }

    private static JsonObject CreateVpcEndpoint(OperationContext context)
    {
        var (account, region) = (context.AccountId, context.Region);
        var vpcId = context.RequiredString("VpcId");
        var vpc = FindVpc(context, vpcId);
        context.Authorize(On(context, vpcId), "ec2");

        var serviceName = context.String("ServiceName")
            ?? throw new AwsServiceException("MissingParameter", "The request must contain the parameter ServiceName");
        var service = Ec2EndpointServices.ServiceOf(region, serviceName) ?? throw Ec2Errors.ServiceNotFound(serviceName);

        // Gateway is the API's default type. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html
        var type = context.String("VpcEndpointType") ?? "Gateway";
        var supported = type switch
        {
            "Interface" => Ec2EndpointServices.Interface.Contains(service),
            "Gateway" => Ec2EndpointServices.Gateway.Contains(service),
            _ => false,
        };
        if (!supported)
        {
            throw Ec2Errors.InvalidParameter($"The Vpc Endpoint Service '{serviceName}' does not support endpoint type '{type}'.");
        }

        var policy = context.String("PolicyDocument");
        if (policy is not null)
        {
            CheckEndpointPolicy(policy);
        }

        var endpointId = Ec2Ids.New("vpce");
        var interfaceType = type == "Interface";
        var privateDns = interfaceType && (context.Bool("PrivateDnsEnabled") ?? true);
        var endpoint = new JsonObject
        {
            ["VpcEndpointId"] = endpointId,
            ["VpcEndpointType"] = type,
            ["VpcId"] = vpcId,
            ["ServiceName"] = serviceName,
            ["State"] = "available",
            ["PolicyDocument"] = policy ?? Ec2EndpointServices.DefaultPolicy,
            [DefaultPolicyMember] = policy is null,
            ["RouteTableIds"] = new JsonArray(),
            ["SubnetIds"] = new JsonArray(),
            ["Groups"] = new JsonArray(),
            ["PrivateDnsEnabled"] = privateDns,
            ["RequesterManaged"] = false,
            ["NetworkInterfaceIds"] = new JsonArray(),
            ["DnsEntries"] = new JsonArray(),
            ["CreationTimestamp"] = context.Now,
            ["Tags"] = TagArray(RequestedTags(context, "vpc-endpoint")),
            ["OwnerId"] = account,
        };
        if (interfaceType)
        {
            endpoint["IpAddressType"] = context.String("IpAddressType") ?? "ipv4";
            endpoint["DnsOptions"] = new JsonObject { ["DnsRecordIpType"] = "ipv4" };
        }

        var subnets = Strings(context.Input["SubnetIds"]);
        var groups = Strings(context.Input["SecurityGroupIds"]);
        var routeTables = Strings(context.Input["RouteTableIds"]);
        if (!interfaceType && (subnets.Count > 0 || groups.Count > 0))
        {
            throw Ec2Errors.InvalidParameter("Subnets and security groups can only be specified for Interface endpoints.");
        }

        if (interfaceType && routeTables.Count > 0)
        {
            throw Ec2Errors.InvalidParameter("Route tables can only be specified for Gateway endpoints.");
        }

        foreach (var id in subnets.Concat(groups).Concat(routeTables))
        {
            context.Authorize(On(context, id), "ec2");
        }

        context.Store.Write(tx =>
        {
            if (privateDns)
            {
                CheckPrivateDns(tx, account, region, Ec2Store.Read(tx.Get(Ec2Store.Key(account, region, Ec2Store.Vpcs, vpcId))!.Document), serviceName, endpointId);
            }

            SetSubnets(tx, account, region, endpoint, subnets);
            if (interfaceType)
            {
                SetGroups(tx, account, region, endpoint, groups.Count == 0 ? [vpc["DefaultSecurityGroupId"]!.GetValue<string>()] : groups);
            }
            else
            {
                SetRouteTables(vpc, endpoint, routeTables);
            }

            tx.Insert(Ec2Store.Key(account, region, Ec2Store.Endpoints, endpointId), endpoint.ToJsonString());
        });
        return new JsonObject { ["VpcEndpoint"] = Present(endpoint), ["ClientToken"] = context.String("ClientToken") };
    }

    /// <summary>An endpoint policy must be a valid resource-style policy (the policy engine's rules for VPC endpoint policies).</summary>
    private static void CheckEndpointPolicy(string policy)
    {
        if (PolicyParser.Parse(policy, PolicyType.VpcEndpoint).FirstError is { } error)
        {
            throw Ec2Errors.InvalidPolicy(error.Message);
        }
    }

    /// <summary>Private DNS needs the VPC's DNS support and hostnames, and one endpoint per service name in a VPC.</summary>
    // https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
    private static void CheckPrivateDns(IStoreReader store, string account, string region, JsonObject vpc, string serviceName, string endpointId)
    {
        var vpcId = vpc["VpcId"]!.GetValue<string>();
        if (vpc[DnsSupport]?.GetValue<bool>() != true || vpc[DnsHostnames]?.GetValue<bool>() != true)
        {
            throw Ec2Errors.PrivateDnsNeedsVpcDns(vpcId);
        }

        var service = serviceName[$"com.amazonaws.{region}.".Length..];
        if (Ec2Store.All(store, account, region, Ec2Store.Endpoints).Any(e =>
                e["VpcId"]!.GetValue<string>() == vpcId && e["ServiceName"]!.GetValue<string>() == serviceName
                && e["PrivateDnsEnabled"]?.GetValue<bool>() == true && e["VpcEndpointId"]!.GetValue<string>() != endpointId))
        {
            throw Ec2Errors.InvalidParameter(
                $"private-dns-enabled cannot be set because there is already a conflicting DNS domain for {service}.{region}.amazonaws.com in the VPC {vpcId}");
        }
    }

    private static void SetSubnets(IStoreReader store, string account, string region, JsonObject endpoint, List<string> subnetIds)
    {
        var vpcId = endpoint["VpcId"]!.GetValue<string>();
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in subnetIds)
        {
            var subnet = Ec2Store.Find(store, account, region, Ec2Store.Subnets, id) ?? throw Ec2Errors.SubnetNotFound(id);
            if (subnet["VpcId"]!.GetValue<string>() != vpcId)
            {
                throw Ec2Errors.InvalidParameter($"The subnet ID '{id}' does not belong to the VPC '{vpcId}'.");
            }

            // One subnet per Availability Zone. https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
            if (!zones.Add(subnet["AvailabilityZone"]!.GetValue<string>()))
            {
                throw new AwsServiceException("DuplicateSubnetsInSameZone",
                    $"Found another VPC endpoint subnet in the availability zone of {id}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.");
            }
        }

        var endpointId = endpoint["VpcEndpointId"]!.GetValue<string>();
        var service = endpoint["ServiceName"]!.GetValue<string>()[$"com.amazonaws.{region}.".Length..];
        endpoint["SubnetIds"] = new JsonArray([.. subnetIds.Select(s => (JsonNode)JsonValue.Create(s))]);
        endpoint["NetworkInterfaceIds"] = new JsonArray([.. subnetIds.Select(_ => (JsonNode)JsonValue.Create(Ec2Ids.New("eni")))]);
        var dns = new JsonArray();
        if (endpoint["VpcEndpointType"]!.GetValue<string>() == "Interface")
        {
            dns.Add((JsonNode)(new JsonObject { ["DnsName"] = $"{endpointId}.{service}.{region}.vpce.amazonaws.com", ["HostedZoneId"] = "Z7HUB22UULQXV" }));
            if (endpoint["PrivateDnsEnabled"]?.GetValue<bool>() == true)
            {
                dns.Add((JsonNode)(new JsonObject { ["DnsName"] = $"{service}.{region}.amazonaws.com", ["HostedZoneId"] = "ZONEIDPENDING" }));
            }
        }

        endpoint["DnsEntries"] = dns;
    }

    private static void SetGroups(IStoreReader store, string account, string region, JsonObject endpoint, List<string> groupIds)
    {
        var vpcId = endpoint["VpcId"]!.GetValue<string>();
        var groups = new JsonArray();
        foreach (var id in groupIds.Distinct(StringComparer.Ordinal))
        {
            var group = Ec2Store.Find(store, account, region, Ec2Store.SecurityGroups, id) ?? throw Ec2Errors.GroupNotFound(id);
            if (group["VpcId"]!.GetValue<string>() != vpcId)
            {
                throw Ec2Errors.InvalidParameter($"The security group '{id}' does not belong to the VPC '{vpcId}'.");
            }

            groups.Add((JsonNode)(new JsonObject { ["GroupId"] = id, ["GroupName"] = group["GroupName"]!.GetValue<string>() }));
        }

        endpoint["Groups"] = groups;
    }

    /// <summary>Stevedore models one route table per VPC: its main route table.</summary>
    private static void SetRouteTables(JsonObject vpc, JsonObject endpoint, List<string> routeTableIds)
    {
        var main = vpc["MainRouteTableId"]!.GetValue<string>();
        if (routeTableIds.FirstOrDefault(id => id != main) is { } unknown)
        {
            throw Ec2Errors.RouteTableNotFound(unknown);
        }

        endpoint["RouteTableIds"] = new JsonArray([.. routeTableIds.Distinct(StringComparer.Ordinal).Select(s => (JsonNode)JsonValue.Create(s))]);
    }

    private static JsonObject DescribeVpcEndpoints(OperationContext context)
    {
        var endpoints = Ec2Filters.Apply(Selected(context, Ec2Store.Endpoints, context.Input["VpcEndpointIds"], "VpcEndpointId", Ec2Errors.EndpointNotFound),
            context.Input["Filters"], EndpointFilters).ToList();
        var (page, next) = Paginate(context, endpoints, "VpcEndpointId");
        return new JsonObject { ["VpcEndpoints"] = new JsonArray([.. page.Select(Present)]), ["NextToken"] = next };
    }

    private static JsonObject ModifyVpcEndpoint(OperationContext context)
    {
        var (account, region) = (context.AccountId, context.Region);
        var endpointId = context.RequiredString("VpcEndpointId");
        var policy = context.String("PolicyDocument");
        var reset = context.Bool("ResetPolicy") == true;
        if (policy is not null && reset)
        {
            throw new AwsServiceException("InvalidParameterCombination", "PolicyDocument and ResetPolicy cannot be specified together.");
        }

        if (policy is not null)
        {
            CheckEndpointPolicy(policy);
        }

        foreach (var id in new[] { "AddSubnetIds", "RemoveSubnetIds", "AddSecurityGroupIds", "RemoveSecurityGroupIds", "AddRouteTableIds", "RemoveRouteTableIds" }
                     .SelectMany(m => Strings(context.Input[m])))
        {
            context.Authorize(On(context, id), "ec2");
        }

        context.Store.Write(tx =>
        {
            var key = Ec2Store.Key(account, region, Ec2Store.Endpoints, endpointId);
            var item = tx.Get(key) ?? throw Ec2Errors.EndpointNotFound(endpointId);
            var endpoint = Ec2Store.Read(item.Document);
            var vpc = Ec2Store.Read(tx.Get(Ec2Store.Key(account, region, Ec2Store.Vpcs, endpoint["VpcId"]!.GetValue<string>()))!.Document);
            var interfaceType = endpoint["VpcEndpointType"]!.GetValue<string>() == "Interface";
            if (policy is not null || reset)
            {
                endpoint["PolicyDocument"] = policy ?? Ec2EndpointServices.DefaultPolicy;
                endpoint[DefaultPolicyMember] = policy is null;
            }

            if (context.Bool("PrivateDnsEnabled") is { } privateDns)
            {
                if (!interfaceType)
                {
                    throw Ec2Errors.InvalidParameter("Private DNS can only be enabled for Interface endpoints.");
                }

                if (privateDns)
                {
                    CheckPrivateDns(tx, account, region, vpc, endpoint["ServiceName"]!.GetValue<string>(), endpointId);
                }

                endpoint["PrivateDnsEnabled"] = privateDns;
            }

            var subnets = Edited(endpoint["SubnetIds"], context.Input["AddSubnetIds"], context.Input["RemoveSubnetIds"]);
            var groups = Edited((endpoint["Groups"] as JsonArray ?? []).Select(g => g!["GroupId"]!.GetValue<string>()), context.Input["AddSecurityGroupIds"],
                context.Input["RemoveSecurityGroupIds"]);
            var routes = Edited(endpoint["RouteTableIds"], context.Input["AddRouteTableIds"], context.Input["RemoveRouteTableIds"]);
            if (!interfaceType && (subnets.Count > 0 || groups.Count > 0))
            {
                throw Ec2Errors.InvalidParameter("Subnets and security groups can only be specified for Interface endpoints.");
            }

            SetSubnets(tx, account, region, endpoint, subnets);
            if (interfaceType)
            {
                SetGroups(tx, account, region, endpoint, groups);
            }
            else
            {
                SetRouteTables(vpc, endpoint, routes);
            }

            tx.Update(key, endpoint.ToJsonString(), item.Version);
        });
        return new JsonObject { ["Return"] = true };
    }

    private static List<string> Edited(JsonNode? current, JsonNode? add, JsonNode? remove) => Edited(Strings(current), add, remove);

    private static List<string> Edited(IEnumerable<string> current, JsonNode? add, JsonNode? remove)
    {
        var removed = Strings(remove);
        return [.. current.Concat(Strings(add)).Distinct(StringComparer.Ordinal).Where(id => !removed.Contains(id))];
    }

    /// <summary>Deletes what it can; ids that do not exist are reported in <c>Unsuccessful</c>, not as an error.</summary>
    private static JsonObject DeleteVpcEndpoints(OperationContext context)
    {
        var (account, region) = (context.AccountId, context.Region);
        var ids = Strings(context.Input["VpcEndpointIds"]);
        if (ids.FirstOrDefault(id => !Ec2Ids.IsWellFormed(id, "vpce")) is { } malformed)
        {
            throw Ec2Errors.EndpointNotFound(malformed); // the whole request: ids are checked before any is looked up
        }

        foreach (var id in ids.Skip(1))
        {
            context.Authorize(On(context, id), "ec2");
        }

        var unsuccessful = context.Store.Write(tx =>
        {
            var failed = new JsonArray();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (!tx.Delete(Ec2Store.Key(account, region, Ec2Store.Endpoints, id)))
                {
                    var error = Ec2Errors.EndpointNotFound(id);
                    failed.Add((JsonNode)(new JsonObject
                    {
                        ["Error"] = new JsonObject { ["Code"] = error.Code, ["Message"] = error.Message },
                        ["ResourceId"] = id,
                    }));
                }
            }

            return failed;
        });
        return new JsonObject { ["Unsuccessful"] = unsuccessful };
    }
}
