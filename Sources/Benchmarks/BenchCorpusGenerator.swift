import DeterministicRandom
import EventPatterns

/// A deterministic corpus for `bench match`: capacity events in the shapes AWS
/// sends, and pattern sets of any size that use every operator, drawn from the
/// same vocabulary so that a realistic share of events match.
struct BenchCorpusGenerator {
    private let seed: UInt64

    init(seed: UInt64) { self.seed = seed }

    static let regions = ["eu-north-1", "us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]
    static let instanceTypes = ["g4dn.xlarge", "g5.2xlarge", "m5.large", "c5.xlarge", "r5.large", "p3.2xlarge"]
    static let queues = ["render", "etl", "train"]

    func events(count: Int) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in event(&rng) }
    }

    func patterns(count: Int) -> [EventPattern] {
        patternTexts(count: count).map { text in
            // The bench must never ship a pattern the parser rejects.
            try! EventPattern(json: text)
        }
    }

    /// The JSON texts of `patterns(count:)`.
    func patternTexts(count: Int) -> [String] { (0..<count).map(pattern) }

    private func account(_ k: Int) -> String { String(100_000_000_000 + (k &* 7_919) % 899_999_999_999) }
    private func group(_ k: Int) -> String { "asg-" + String(k % 20_000).leftPadded(5, with: "0") }

    private func event(_ rng: inout SplitMix64) -> String {
        let id = rng.uuid()
        let account = self.account(rng.int(2_000))
        let region = Self.regions[rng.int(Self.regions.count)]
        let time = "2026-03-01T\(String(rng.int(24)).leftPadded(2, with: "0")):\(String(rng.int(60)).leftPadded(2, with: "0")):\(String(rng.int(60)).leftPadded(2, with: "0"))Z"
        let instance = "i-0" + rng.hex(16)
        func envelope(_ source: String, _ type: String, _ resources: String, _ detail: String) -> String {
            #"{"version":"0","id":"\#(id)","detail-type":"\#(type)","source":"\#(source)","account":"\#(account)","time":"\#(time)","region":"\#(region)","resources":[\#(resources)],"detail":\#(detail)}"#
        }
        let arn = #""arn:aws:ec2:\#(region):\#(account):instance/\#(instance)""#
        switch rng.int(100) {
        case 0..<20:
            let action = ["terminate", "stop", "hibernate"][rng.int(3)]
            return envelope("aws.ec2", "EC2 Spot Instance Interruption Warning", arn,
                            #"{"instance-id":"\#(instance)","instance-action":"\#(action)"}"#)
        case 20..<28:
            return envelope("aws.ec2", "EC2 Instance Rebalance Recommendation", arn, #"{"instance-id":"\#(instance)"}"#)
        case 28..<48:
            let g = group(rng.int(20_000))
            let type = ["EC2 Instance Launch Successful", "EC2 Instance Terminate Successful", "EC2 Instance Launch Unsuccessful"][rng.int(3)]
            let status = ["InProgress", "Failed", "Successful"][rng.int(3)]
            let message = ["", "InsufficientInstanceCapacity", "Launching EC2 instance failed."][rng.int(3)]
            let itype = Self.instanceTypes[rng.int(Self.instanceTypes.count)]
            return envelope("aws.autoscaling", type, #""arn:aws:autoscaling:\#(region):\#(account):autoScalingGroup:\#(rng.uuid()):autoScalingGroupName/\#(g)""#,
                            #"{"StatusCode":"\#(status)","AutoScalingGroupName":"\#(g)","ActivityId":"\#(rng.uuid())","Details":{"Availability Zone":"\#(region)\#(["a", "b", "c"][rng.int(3)])","Subnet ID":"subnet-\#(rng.hex(8))"},"EC2InstanceId":"\#(instance)","InstanceType":"\#(itype)","StatusMessage":"\#(message)","Capacity":\#(rng.int(200))}"#)
        case 48..<68:
            let stop = ["SpotInterruption", "TaskFailedToStart", "EssentialContainerExited", "UserInitiated"][rng.int(4)]
            let containers = (0..<(1 + rng.int(3))).map { c in #"{"name":"c\#(c)","lastStatus":"STOPPED","exitCode":\#([0, 1, 137, 143][rng.int(4)])}"# }
            return envelope("aws.ecs", "ECS Task State Change", "",
                            #"{"clusterArn":"arn:aws:ecs:\#(region):\#(account):cluster/c\#(rng.int(2_000))","lastStatus":"\#(["RUNNING", "STOPPED", "PENDING"][rng.int(3)])","desiredStatus":"\#(["RUNNING", "STOPPED"][rng.int(2)])","stopCode":"\#(stop)","capacityProviderName":"\#(["FARGATE", "FARGATE_SPOT"][rng.int(2)])","group":"service:svc-\#(rng.int(3_000))","containers":[\#(containers.joined(separator: ","))]}"#)
        case 68..<80:
            let metric = ["UnHealthyHostCount", "HTTPCode_ELB_5XX_Count", "TargetResponseTime"][rng.int(3)]
            return envelope("aws.cloudwatch", "CloudWatch Alarm State Change", "",
                            #"{"alarmName":"alarm-\#(rng.int(5_000))","state":{"value":"\#(["ALARM", "OK", "INSUFFICIENT_DATA"][rng.int(3)])","reason":"Threshold Crossed"},"configuration":{"metrics":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/ApplicationELB","name":"\#(metric)"},"period":60,"stat":"Average"}}]}}"#)
        case 80..<90:
            let type = ["Job Started", "Job Checkpointed", "Job Finished"][rng.int(3)]
            return envelope("app.jobs", type, "",
                            #"{"job-id":"job-\#(String(rng.int(1_000_000)).leftPadded(6, with: "0"))","instance-id":"\#(instance)","queue":"\#(Self.queues[rng.int(3)])","attempt":\#(1 + rng.int(4)),"checkpoint":"s3://ckpt/\#(rng.hex(6))","tags":["\#(["gpu", "cpu", "urgent", "batch"][rng.int(4)])"]}"#)
        case 90..<95:
            return envelope("aws.health", "AWS Health Event", arn,
                            #"{"service":"EC2","eventTypeCode":"AWS_EC2_\#(["INSTANCE_RETIREMENT_SCHEDULED", "INSTANCE_STOP_SCHEDULED", "PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED"][rng.int(3)])","eventTypeCategory":"scheduledChange","startTime":"Sat, 07 Mar 2026 10:00:00 GMT","affectedEntities":[{"entityValue":"\#(instance)"}]}"#)
        default:
            let ip = "\(10 + rng.int(3)).\(rng.int(256)).\(rng.int(256)).\(rng.int(256))"
            return envelope("aws.ec2", "AWS API Call via CloudTrail", "",
                            #"{"eventSource":"ec2.amazonaws.com","eventName":"\#(["RunInstances", "TerminateInstances", "CreateFleet"][rng.int(3)])","sourceIPAddress":"\#(ip)","userIdentity":{"type":"\#(["AssumedRole", "IAMUser", "Root"][rng.int(3)])"},"errorCode":"\#(["", "Client.InsufficientInstanceCapacity"][rng.int(2)])"}"#)
        }
    }

    /// Pattern `j`: twelve shapes in turn, a quarter of them wildcards, each
    /// parameterised by `j` so that a set of n patterns has n distinct ones.
    private func pattern(_ j: Int) -> String {
        let k = j / 12
        let region = Self.regions[j % 5]
        switch j % 12 {
        case 0:
            return #"{"source":["aws.ec2"],"detail-type":["EC2 Spot Instance Interruption Warning"],"region":["\#(region)"],"account":["\#(account(k % 2_000))"]}"#
        case 1:
            return #"{"source":["aws.autoscaling"],"detail":{"AutoScalingGroupName":["\#(group(k))"],"StatusCode":["Failed"]}}"#
        case 2:
            return #"{"detail":{"InstanceType":[{"prefix":"\#(Self.instanceTypes[j % 6].prefix(3))"}],"AutoScalingGroupName":[{"prefix":"\#(group(k).prefix(8))"}]}}"#
        case 3:
            return #"{"detail-type":["ECS Task State Change"],"detail":{"group":["service:svc-\#(k % 3_000)"],"stopCode":[{"anything-but":["EssentialContainerExited"]}]}}"#
        case 4:
            return #"{"source":["aws.cloudwatch"],"detail":{"alarmName":["alarm-\#(k % 5_000)"],"state":{"value":["ALARM"]}}}"#
        case 5:
            return #"{"source":["app.jobs"],"detail":{"queue":[{"equals-ignore-case":"\#(Self.queues[j % 3].uppercased())"}],"tags":["urgent"],"attempt":[{"numeric":[">=",\#(k % 4 + 1),"<",\#(k % 4 + 3)]}],"job-id":[{"suffix":"\#(k % 1_000)"}]}}"#
        case 6:
            return #"{"account":["\#(account(k % 2_000))"],"detail":{"instance-id":[{"exists":true}]},"detail-type":[{"wildcard":"EC2 * Recommendation"}]}"#
        case 7:
            return #"{"source":["aws.ecs"],"detail":{"clusterArn":[{"wildcard":"arn:aws:ecs:*:cluster/c\#(k % 2_000)"}],"capacityProviderName":["FARGATE_SPOT"]}}"#
        case 8:
            return #"{"detail-type":["AWS API Call via CloudTrail"],"detail":{"sourceIPAddress":[{"cidr":"\#(10 + k % 3).\#(k % 256).0.0/16"}],"userIdentity":{"type":[{"anything-but":{"prefix":"Assumed"}}]}}}"#
        case 9:
            return #"{"$or":[{"detail":{"containers":{"exitCode":[137],"name":["c\#(k % 3)"]}}},{"detail":{"stopCode":["SpotInterruption"],"group":["service:svc-\#(k % 3_000)"]}}],"source":["aws.ecs"]}"#
        case 10:
            return #"{"source":["aws.health"],"detail":{"eventTypeCode":[{"wildcard":"AWS_EC2_*_\#(["RETIREMENT", "STOP"][k % 2])_SCHEDULED"}],"affectedEntities":{"entityValue":[{"prefix":"i-0\#(String(k % 256, radix: 16).leftPadded(2, with: "0"))"}]}}}"#
        default:
            return #"{"detail-type":[{"wildcard":"EC2 Instance * \#(["Successful", "Unsuccessful"][k % 2])"}],"detail":{"Details":{"Subnet ID":[{"wildcard":"subnet-\#(String(k % 4_096, radix: 16).leftPadded(3, with: "0"))*"}]},"Capacity":[{"numeric":[">",\#(k % 150)]}],"StatusMessage":[{"exists":false}, ""]}}"#
        }
    }
}

extension SplitMix64 {
    mutating func hex(_ digits: Int) -> String {
        let s = String(next() & (digits >= 16 ? ~0 : (1 << (4 * UInt64(digits))) - 1), radix: 16)
        return s.leftPadded(digits, with: "0")
    }

    mutating func uuid() -> String {
        "\(hex(8))-\(hex(4))-4\(hex(3))-8\(hex(3))-\(hex(12))"
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character) -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
