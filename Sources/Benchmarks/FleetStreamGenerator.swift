import DeterministicRandom
import EventPatterns
import Events

/// A synthetic fleet for `bench replay`: any number of events in time order,
/// over a bounded key space (50 groups × 40 instance slots, a bounded job
/// space), so that memory must stay flat however long the stream runs.
struct FleetStreamGenerator {
    private var rng: SplitMix64
    private var time: Int64 = 1_772_323_200_000  // 2026-03-01T00:00:00Z
    private var sequence = 0
    private var generation = [Int](repeating: 0, count: 2_000)
    private var jobs = [Int?](repeating: nil, count: 2_000)
    private var nextJob = 0

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    private func instance(_ slot: Int) -> String {
        "i-0" + String(slot * 8 + generation[slot] % 8, radix: 16).leftPadded(16, with: "0")
    }

    private func group(_ slot: Int) -> String { "asg-" + String(slot / 40).leftPadded(2, with: "0") }

    mutating func next() -> String {
        time += 100
        sequence += 1
        let id = "00000000-0000-4000-8000-" + String(sequence, radix: 16).leftPadded(12, with: "0")
        let timeText = RFC3339.format(milliseconds: time)
        let slot = rng.int(2_000)
        let instance = instance(slot)
        let group = group(slot)
        func envelope(_ source: String, _ type: String, _ detail: String, resources: String = "") -> String {
            #"{"version":"0","id":"\#(id)","detail-type":"\#(type)","source":"\#(source)","account":"123456789012","time":"\#(timeText)","region":"us-east-1","resources":[\#(resources)],"detail":\#(detail)}"#
        }
        switch rng.int(1_000) {
        case 0..<250:
            let job = nextJob % 50_000
            nextJob += 1
            jobs[slot] = job
            return envelope("app.jobs", "Job Started", #"{"job-id":"job-\#(job)","instance-id":"\#(instance)","queue":"\#(["render", "etl", "train"][job % 3])"}"#)
        case 250..<450:
            guard let job = jobs[slot] else { fallthrough }
            return envelope("app.jobs", "Job Checkpointed", #"{"job-id":"job-\#(job)","instance-id":"\#(instance)","queue":"render","checkpoint":"s3://ckpt/job-\#(job)/\#(sequence)"}"#)
        case 450..<600:
            let job = jobs[slot] ?? 0
            jobs[slot] = nil
            return envelope("app.jobs", "Job Finished", #"{"job-id":"job-\#(job)","instance-id":"\#(instance)","queue":"render"}"#)
        case 600..<630:
            return envelope("aws.ec2", "EC2 Spot Instance Interruption Warning", #"{"instance-id":"\#(instance)","instance-action":"terminate"}"#,
                            resources: #""arn:aws:ec2:us-east-1:123456789012:instance/\#(instance)""#)
        case 630..<645:
            return envelope("aws.ec2", "EC2 Instance Rebalance Recommendation", #"{"instance-id":"\#(instance)"}"#)
        case 645..<700:
            let terminate = rng.int(2) == 0
            if terminate { generation[slot] += 1 }
            let type = terminate ? "EC2 Instance Terminate Successful" : "EC2 Instance Launch Successful"
            return envelope("aws.autoscaling", type, #"{"StatusCode":"Successful","AutoScalingGroupName":"\#(group)","EC2InstanceId":"\#(instance)","Details":{"Availability Zone":"us-east-1a"}}"#)
        case 700..<705:
            return envelope("aws.autoscaling", "EC2 Instance Launch Unsuccessful", #"{"StatusCode":"Failed","AutoScalingGroupName":"\#(group)","StatusMessage":"Status Reason: InsufficientInstanceCapacity","InstanceType":"g5.2xlarge"}"#)
        case 705..<850:
            let stop = ["SpotInterruption", "EssentialContainerExited", "UserInitiated"][rng.int(3)]
            return envelope("aws.ecs", "ECS Task State Change", #"{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c/\#(rng.hex(8))","group":"service:svc-\#(rng.int(200))","lastStatus":"\#(["RUNNING", "STOPPED"][rng.int(2)])","stopCode":"\#(stop)","capacityProviderName":"FARGATE_SPOT"}"#)
        case 850..<995:
            let metric = ["UnHealthyHostCount", "RunningTaskCount", "CPUUtilization"][rng.int(3)]
            let namespace = metric == "RunningTaskCount" ? "ECS/ContainerInsights" : "AWS/ApplicationELB"
            return envelope("aws.cloudwatch", "CloudWatch Alarm State Change", #"{"alarmName":"alarm-\#(rng.int(300))-prod","state":{"value":"\#(["ALARM", "OK"][rng.int(2)])","reason":"Threshold Crossed"},"configuration":{"metrics":[{"id":"m1","metricStat":{"metric":{"namespace":"\#(namespace)","name":"\#(metric)"}}}]}}"#)
        default:
            return envelope("aws.health", "AWS Health Event", #"{"service":"EC2","eventTypeCategory":"scheduledChange","eventTypeCode":"AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED","startTime":"Sat, 07 Mar 2026 10:00:00 GMT","affectedEntities":[{"entityValue":"\#(instance)"}]}"#)
        }
    }

    /// 1,000 stateless rules in five shapes over this fleet's vocabulary.
    static func statelessRules(count: Int) -> String {
        var out = "rules:\n"
        for j in 0..<count {
            let k = j / 5
            let pattern: String
            switch j % 5 {
            case 0: pattern = #"{"source":["aws.ecs"],"detail":{"group":["service:svc-\#(k % 200)"],"lastStatus":["STOPPED"],"stopCode":[{"anything-but":"UserInitiated"}]}}"#
            case 1: pattern = #"{"detail-type":["CloudWatch Alarm State Change"],"detail":{"alarmName":[{"prefix":"alarm-\#(k % 300)-"}],"state":{"value":["ALARM"]}}}"#
            case 2: pattern = #"{"source":["aws.autoscaling"],"detail":{"AutoScalingGroupName":["asg-\#(String(k % 50).leftPadded(2, with: "0"))"],"StatusCode":[{"equals-ignore-case":"failed"}]}}"#
            case 3: pattern = #"{"source":["app.jobs"],"detail":{"job-id":[{"wildcard":"job-*\#(1_000 + k)"}],"queue":["train"]}}"#
            default: pattern = #"{"detail-type":[{"wildcard":"EC2 * Warning"}],"detail":{"instance-id":[{"suffix":"\#(String(k * 37 % 16_000, radix: 16).leftPadded(4, with: "0"))"}]}}"#
            }
            out += """
                  - name: generated-\(j)
                    pattern: \(pattern)
                    actions:
                      - { type: drain, instance-id: <$.detail.instance-id>, reason: generated-\(j) }

                """
        }
        return out
    }
}
