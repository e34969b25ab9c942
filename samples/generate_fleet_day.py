#!/usr/bin/env python3
"""Generates samples/fleet-day.jsonl: one simulated day of a Spot fleet.

Deterministic: a fixed seed, Python's standard library only, no wall clock and
no iteration over sets or hash-ordered containers, so every run writes the
same bytes.  Usage:

    python3 samples/generate_fleet_day.py            # writes samples/fleet-day.jsonl
    python3 samples/generate_fleet_day.py -o FILE    # writes FILE instead ("-" for stdout)

What the day holds (2024-05-15, us-east-1, account 123456789012):

* five Auto Scaling groups that follow a daily demand curve, checked every
  five minutes: web-spot-asg (no jobs), batch-spot-asg, render-spot-asg,
  etl-spot-asg and gpu-train-asg (these four run jobs);
* workers announcing jobs (app.jobs Job Started / Job Checkpointed / Job
  Finished); a job whose instance is interrupted is resumed later on another
  instance of its group, from its last checkpoint;
* a background of Spot interruption warnings (most preceded by a rebalance
  recommendation) and rebalance recommendations that come to nothing; an
  interrupted instance gets a terminate lifecycle action and is terminated two
  minutes later, and the group launches a replacement;
* scale-in through a terminate lifecycle hook that waits for the running job;
* two interruption storms in render-spot-asg (14:20, 8 warnings in 4 minutes;
  19:05, 5 warnings in under 3 minutes);
* InsufficientInstanceCapacity launch failures in gpu-train-asg (03:10, two in
  four minutes; 09:05, a single one; 16:40, three in seven minutes);
* ECS task state changes for web-cluster (Fargate Spot interruptions, two
  deployments), CloudWatch alarm state changes, and AWS Health events.
"""
import argparse
import heapq
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

SEED = 20240515
DAY = datetime(2024, 5, 15, tzinfo=timezone.utc)
END = 24 * 3600
ACCOUNT = "123456789012"
REGION = "us-east-1"
SUBNETS = {
    "us-east-1a": "subnet-0a1f3c5e7b9d2a4c6",
    "us-east-1b": "subnet-0b2e4d6f8a0c1e3b5",
    "us-east-1c": "subnet-0c3d5f7a9b1e2c4d7",
    "us-east-1d": "subnet-0d4c6e8b0a2f3d5e8",
}
BUCKET = "rulebridge-sample-checkpoints"


def at(sec, millis=None):
    """RFC 3339 text for `sec` seconds after the start of the day."""
    s = (DAY + timedelta(seconds=sec)).strftime("%Y-%m-%dT%H:%M:%S")
    if millis is not None:
        s += ".%03d" % millis
    return s + "Z"


def rfc1123(sec):
    return (DAY + timedelta(seconds=sec)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def alarm_stamp(sec, millis):
    return (DAY + timedelta(seconds=sec)).strftime("%Y-%m-%dT%H:%M:%S") + ".%03d+0000" % millis


def hm(h, m=0, s=0):
    return h * 3600 + m * 60 + s


def curve(points):
    """Piecewise-constant demand: [(start_second, capacity), ...]."""
    def f(t):
        value = points[0][1]
        for start, cap in points:
            if t >= start:
                value = cap
        return value
    return f


class Group:
    def __init__(self, name, azs, demand, queues=None, job_minutes=None, ckpt_minutes=None,
                 interrupt_per_hour=0.0, rebalance_per_hour=0.0):
        self.name = name
        self.azs = azs
        self.demand = demand
        self.queues = queues or []
        self.job_minutes = job_minutes
        self.ckpt_minutes = ckpt_minutes
        self.interrupt_per_hour = interrupt_per_hour
        self.rebalance_per_hour = rebalance_per_hour
        self.uuid = None
        self.instances = []      # every instance ever launched, in launch order
        self.pending = 0         # launches scheduled but not yet successful
        self.resume = []         # interrupted jobs waiting for an instance
        self.hold_launches_until = -1

    def running(self):
        return [i for i in self.instances if i.state == "running"]


class Instance:
    def __init__(self, iid, group, az, launched):
        self.id = iid
        self.group = group
        self.az = az
        self.launched = launched
        self.state = "running"   # running | draining | doomed | gone
        self.job = None          # dict while a job runs
        self.token = 0           # bumps cancel scheduled job callbacks


class Fleet:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.heap = []
        self.seq = 0
        self.now = 0
        self.lines = []
        self.job_counter = 0
        self.groups = [
            Group("web-spot-asg", ["us-east-1a", "us-east-1b", "us-east-1c"],
                  curve([(0, 12), (hm(6), 16), (hm(9), 22), (hm(13), 28), (hm(20), 20), (hm(22), 14)]),
                  interrupt_per_hour=0.008, rebalance_per_hour=0.006),
            Group("batch-spot-asg", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"],
                  curve([(0, 24), (hm(1), 36), (hm(6), 24), (hm(12), 20), (hm(18), 26)]),
                  queues=["batch-default", "batch-default", "batch-priority"], job_minutes=(20, 90),
                  ckpt_minutes=(20, 40), interrupt_per_hour=0.010, rebalance_per_hour=0.006),
            Group("render-spot-asg", ["us-east-1a", "us-east-1b", "us-east-1c"],
                  curve([(0, 24)]),
                  queues=["render-frames"], job_minutes=(30, 120), ckpt_minutes=(20, 35),
                  interrupt_per_hour=0.006, rebalance_per_hour=0.004),
            Group("etl-spot-asg", ["us-east-1b", "us-east-1c", "us-east-1d"],
                  curve([(0, 18), (hm(3), 10), (hm(8), 12), (hm(17), 10)]),
                  queues=["etl-hourly"], job_minutes=(10, 45), ckpt_minutes=(15, 25),
                  interrupt_per_hour=0.010, rebalance_per_hour=0.006),
            Group("gpu-train-asg", ["us-east-1a", "us-east-1b"],
                  curve([(0, 6), (hm(3, 10), 8), (hm(9, 5), 9), (hm(16, 40), 10)]),
                  queues=["train-gpu"], job_minutes=(120, 300), ckpt_minutes=(25, 35),
                  interrupt_per_hour=0.008, rebalance_per_hour=0.004),
        ]
        self.by_name = {g.name: g for g in self.groups}
        for g in self.groups:
            g.uuid = self.uuid()

    # --- plumbing -------------------------------------------------------------

    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, prefix, n):
        return prefix + "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def ms(self):
        return self.rng.randrange(1000)

    def schedule(self, t, fn, *args):
        if t < END:
            self.seq += 1
            heapq.heappush(self.heap, (t, self.seq, fn, args))

    def run(self):
        while self.heap:
            t, _, fn, args = heapq.heappop(self.heap)
            self.now = t
            fn(*args)

    def emit(self, detail_type, source, resources, detail):
        self.lines.append(json.dumps({
            "version": "0",
            "id": self.uuid(),
            "detail-type": detail_type,
            "source": source,
            "account": ACCOUNT,
            "time": at(self.now),
            "region": REGION,
            "resources": resources,
            "detail": detail,
        }, separators=(",", ":")))

    def instance_arn(self, iid):
        return "arn:aws:ec2:%s:%s:instance/%s" % (REGION, ACCOUNT, iid)

    def asg_arn(self, g):
        return "arn:aws:autoscaling:%s:%s:autoScalingGroup:%s:autoScalingGroupName/%s" % (
            REGION, ACCOUNT, g.uuid, g.name)

    # --- Auto Scaling -----------------------------------------------------------

    def control(self, g):
        """The group's capacity check, every five minutes (and after a loss)."""
        target = g.demand(self.now)
        have = len(g.running()) + g.pending
        if target > have and self.now >= g.hold_launches_until:
            self.scale_out(g, have, target)
        elif target < have:
            self.scale_in(g, have, target)

    def tick(self):
        for g in self.groups:
            self.control(g)
        self.schedule(self.now + 300, self.tick)

    def scale_out(self, g, have, target):
        cause = ("At %s an instance was started in response to a difference between desired and actual "
                 "capacity, increasing the capacity from %d to %d." % (at(self.now), have, target))
        delay = self.rng.randint(20, 45)
        episode = ICE_EPISODES.get((g.name, self.now))
        if episode:
            delay = self.ice_episode(g, episode, cause, have, target)
        for n in range(target - have):
            g.pending += 1
            self.schedule(self.now + delay + n * self.rng.randint(4, 12), self.launch, g, cause)

    def ice_episode(self, g, episode, cause, have, target):
        """Failed launches for lack of capacity; returns the delay of the launches that then succeed."""
        last = 0
        for offset, kind in episode:
            self.schedule(self.now + offset, self.launch_failed, g, kind, cause)
            last = offset
        g.hold_launches_until = self.now + last + 60
        return last + 75

    def launch(self, g, cause):
        g.pending -= 1
        az = self.pick_az(g)
        iid = self.hexid("i-0", 16)
        inst = Instance(iid, g, az, self.now)
        g.instances.append(inst)
        activity = self.uuid()
        self.emit("EC2 Instance Launch Successful", "aws.autoscaling", [self.asg_arn(g), self.instance_arn(iid)], {
            "Origin": "EC2",
            "Destination": "AutoScalingGroup",
            "StatusCode": "InProgress",
            "Description": "Launching a new EC2 instance: %s" % iid,
            "AutoScalingGroupName": g.name,
            "ActivityId": activity,
            "Details": {"Subnet ID": SUBNETS[az], "Availability Zone": az},
            "RequestId": activity,
            "StatusMessage": "",
            "EndTime": at(self.now, self.ms()),
            "EC2InstanceId": iid,
            "StartTime": at(self.now - self.rng.randint(30, 50), self.ms()),
            "Cause": cause,
        })
        if g.queues:
            self.schedule(self.now + self.rng.randint(60, 180), self.start_job, inst, inst.token)
        self.plan_risks(inst)

    def pick_az(self, g):
        if g.name == "gpu-train-asg" and self.now < g.hold_launches_until + 600:
            return "us-east-1b"     # the group moved away from the AZ without capacity
        counts = [sum(1 for i in g.running() if i.az == az) for az in g.azs]
        return g.azs[counts.index(min(counts))]

    def launch_failed(self, g, kind, cause):
        itype = "g5.2xlarge"
        if kind == "spot":
            message = ("Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot "
                       "capacity available that matches your request. Launching EC2 instance failed.")
        else:
            message = ("We currently do not have sufficient %s capacity in the Availability Zone you "
                       "requested (us-east-1a). Our system will be working on provisioning additional "
                       "capacity. You can currently get %s capacity by not specifying an Availability "
                       "Zone in your request or choosing us-east-1b, us-east-1c, us-east-1d. Launching EC2 "
                       "instance failed." % (itype, itype))
        activity = self.uuid()
        detail = {
            "Origin": "EC2",
            "Destination": "AutoScalingGroup",
            "StatusCode": "Failed",
            "Description": "Launching a new EC2 instance.  Status Reason: %s" % message,
            "AutoScalingGroupName": g.name,
            "ActivityId": activity,
            "Details": {"Subnet ID": SUBNETS["us-east-1a"], "Availability Zone": "us-east-1a"},
            "RequestId": activity,
            "StatusMessage": message,
            "EndTime": at(self.now, self.ms()),
            "EC2InstanceId": "",
            "StartTime": at(self.now - self.rng.randint(2, 6), self.ms()),
            "Cause": cause,
        }
        if kind == "on-demand":
            detail["InstanceType"] = itype
        self.emit("EC2 Instance Launch Unsuccessful", "aws.autoscaling", [self.asg_arn(g)], detail)

    def scale_in(self, g, have, target):
        # Pending launches go first; then idle instances, then those whose job ends soonest.
        if g.pending > 0:
            return  # let pending launches land; a later check trims
        excess = have - target
        candidates = sorted(g.running(), key=lambda i: (i.job is not None, i.job["ends"] if i.job else 0, i.launched))
        for inst in candidates[:excess]:
            inst.state = "draining"
            self.terminate_hook(g, inst)
            inst.scale_in_cause = (
                "At %s an instance was taken out of service in response to a difference between desired and "
                "actual capacity, shrinking the capacity from %d to %d.  At %s instance %s was selected for "
                "termination." % (at(self.now), have, target, at(self.now), inst.id))
            inst.hook_started = self.now
            if inst.job is None:
                self.schedule(self.now + self.rng.randint(30, 90), self.terminate, inst, "scale-in")

    def terminate(self, inst, why):
        if inst.state == "gone":
            return
        g = inst.group
        inst.state = "gone"
        inst.token += 1
        if why == "scale-in":
            cause = inst.scale_in_cause
            started = inst.hook_started
        else:
            cause = ("At %s an instance was taken out of service in response to an EC2 Spot interruption "
                     "notice for instance %s." % (at(self.now - 20), inst.id))
            started = self.now - 20
        activity = self.uuid()
        self.emit("EC2 Instance Terminate Successful", "aws.autoscaling", [self.asg_arn(g), self.instance_arn(inst.id)], {
            "Origin": "AutoScalingGroup",
            "Destination": "EC2",
            "StatusCode": "InProgress",
            "Description": "Terminating EC2 instance: %s" % inst.id,
            "AutoScalingGroupName": g.name,
            "ActivityId": activity,
            "Details": {"Subnet ID": SUBNETS[inst.az], "Availability Zone": inst.az},
            "RequestId": activity,
            "StatusMessage": "",
            "EndTime": at(self.now, self.ms()),
            "EC2InstanceId": inst.id,
            "StartTime": at(started, self.ms()),
            "Cause": cause,
        })
        if why == "spot":
            self.schedule(self.now + self.rng.randint(20, 60), self.control, g)

    # --- Spot interruptions -----------------------------------------------------

    def plan_risks(self, inst):
        g = inst.group
        if g.interrupt_per_hour > 0:
            t = self.now + int(self.rng.expovariate(g.interrupt_per_hour) * 3600)
            if t < END:
                if self.rng.random() < 0.6:
                    lead = self.rng.randint(120, 900)
                    if t - lead > self.now + 300:
                        self.schedule(t - lead, self.rebalance, inst)
                self.schedule(t, self.interrupt, inst)
        if g.rebalance_per_hour > 0:
            t = self.now + int(self.rng.expovariate(g.rebalance_per_hour) * 3600)
            self.schedule(t, self.rebalance, inst)

    def rebalance(self, inst):
        if inst.state != "running":
            return
        self.emit("EC2 Instance Rebalance Recommendation", "aws.ec2", [self.instance_arn(inst.id)],
                  {"instance-id": inst.id})

    def interrupt(self, inst):
        if inst.state != "running":
            return
        inst.state = "doomed"
        inst.token += 1
        if inst.job is not None:
            inst.group.resume.append(inst.job)
            inst.job = None
        self.emit("EC2 Spot Instance Interruption Warning", "aws.ec2", [self.instance_arn(inst.id)],
                  {"instance-id": inst.id, "instance-action": "terminate"})
        self.schedule(self.now + self.rng.randint(95, 112), self.spot_hook, inst)

    def terminate_hook(self, g, inst):
        """The lifecycle hook Auto Scaling sends before it terminates an instance."""
        self.emit("EC2 Instance-terminate Lifecycle Action", "aws.autoscaling", [self.asg_arn(g)], {
            "Origin": "AutoScalingGroup",
            "Destination": "EC2",
            "LifecycleActionToken": self.uuid(),
            "AutoScalingGroupName": g.name,
            "LifecycleHookName": "drain-before-terminate",
            "EC2InstanceId": inst.id,
            "LifecycleTransition": "autoscaling:EC2_INSTANCE_TERMINATING",
        })

    def spot_hook(self, inst):
        g = inst.group
        self.terminate_hook(g, inst)
        self.schedule(self.now + self.rng.randint(18, 30), self.terminate, inst, "spot")

    def storm(self, group_name, offsets):
        g = self.by_name[group_name]
        victims = [i for i in g.running()]
        self.rng.shuffle(victims)
        for inst, off in zip(victims, offsets):
            if self.rng.random() < 0.5:
                self.schedule(self.now + max(0, off - self.rng.randint(20, 60)), self.rebalance, inst)
            self.schedule(self.now + off, self.interrupt, inst)

    # --- jobs -------------------------------------------------------------------

    def start_job(self, inst, token):
        if inst.state != "running" or inst.token != token or inst.job is not None:
            return
        g = inst.group
        if g.resume:
            job = g.resume.pop(0)
            job["attempt"] += 1
            detail = {"job-id": job["id"], "instance-id": inst.id, "queue": job["queue"]}
            if job["ckpt"]:
                detail["checkpoint"] = self.ckpt_uri(job, job["ckpt"])
            detail["attempt"] = job["attempt"]
        else:
            self.job_counter += 1
            queue = self.rng.choice(g.queues)
            job = {"id": "job-%s-%06d" % (queue.split("-")[0], self.job_counter), "queue": queue,
                   "ckpt": 0, "attempt": 1}
            detail = {"job-id": job["id"], "instance-id": inst.id, "queue": queue}
        lo, hi = g.job_minutes
        job["started"] = self.now
        job["ends"] = self.now + self.rng.randint(lo * 60, hi * 60)
        inst.job = job
        self.emit("Job Started", "app.jobs", [], detail)
        self.next_checkpoint(inst)

    def next_checkpoint(self, inst):
        lo, hi = inst.group.ckpt_minutes
        t = self.now + self.rng.randint(lo * 60, hi * 60)
        if t < inst.job["ends"] - 60:
            self.schedule(t, self.checkpoint, inst, inst.token)
        else:
            self.schedule(inst.job["ends"], self.finish_job, inst, inst.token)

    def ckpt_uri(self, job, n):
        return "s3://%s/%s/%s/ckpt-%04d.tar.zst" % (BUCKET, job["queue"], job["id"], n)

    def checkpoint(self, inst, token):
        if inst.token != token or inst.job is None:
            return
        job = inst.job
        job["ckpt"] += 1
        self.emit("Job Checkpointed", "app.jobs", [], {
            "job-id": job["id"], "instance-id": inst.id, "queue": job["queue"],
            "checkpoint": self.ckpt_uri(job, job["ckpt"])})
        self.next_checkpoint(inst)

    def finish_job(self, inst, token):
        if inst.token != token or inst.job is None:
            return
        job = inst.job
        inst.job = None
        self.emit("Job Finished", "app.jobs", [], {
            "job-id": job["id"], "instance-id": inst.id, "queue": job["queue"],
            "status": "succeeded", "duration-seconds": self.now - job["started"]})
        if inst.state == "draining":
            self.schedule(self.now + self.rng.randint(20, 40), self.terminate, inst, "scale-in")
        elif inst.state == "running":
            self.schedule(self.now + self.rng.randint(15, 240), self.start_job, inst, inst.token)


# gpu-train-asg launch episodes that fail for lack of capacity: (group, check time) -> [(offset, kind)]
ICE_EPISODES = {
    ("gpu-train-asg", hm(3, 10)): [(25, "spot"), (242, "on-demand")],
    ("gpu-train-asg", hm(9, 5)): [(30, "spot")],
    ("gpu-train-asg", hm(16, 40)): [(20, "spot"), (190, "on-demand"), (400, "on-demand")],
}


class Cluster:
    """ECS web-cluster: services web (Fargate Spot) and api (Fargate)."""

    def __init__(self, fleet):
        self.f = fleet
        self.arn = "arn:aws:ecs:%s:%s:cluster/web-cluster" % (REGION, ACCOUNT)
        self.services = {
            "web": {"provider": "FARGATE_SPOT", "desired": 6, "image": "v2.31.0", "revision": 41, "tasks": []},
            "api": {"provider": "FARGATE", "desired": 4, "image": "v5.4.2", "revision": 17, "tasks": []},
        }
        self.deploy_ids = {"web": 4790000000000001, "api": 4790000000000002}

    def start(self):
        f = self.f
        for name in ["web", "api"]:
            for n in range(self.services[name]["desired"]):
                f.schedule(hm(0, 1) + n * 7 + (0 if name == "web" else 60), self.run_task, name)
        for t in [hm(2, 17), hm(5, 41), hm(8, 3), hm(12, 52), hm(15, 26), hm(17, 48), hm(22, 35)]:
            f.schedule(t, self.spot_interrupt, "web", 1, 150)
        f.schedule(hm(11, 2), self.spot_interrupt, "web", 3, 540)   # capacity is short: slow replacement
        f.schedule(hm(10, 30), self.deploy, "web", "v2.32.0")
        f.schedule(hm(16, 0), self.deploy, "api", "v5.5.0")

    def task_event(self, svc_name, task, last, desired, extra):
        f = self.f
        svc = self.services[svc_name]
        arn = "arn:aws:ecs:%s:%s:task/web-cluster/%s" % (REGION, ACCOUNT, task["id"])
        detail = {
            "attachments": [{
                "id": task["eni_attachment"], "type": "eni",
                "status": "ATTACHED" if last == "RUNNING" else "DELETED",
                "details": [{"name": "subnetId", "value": SUBNETS[task["az"]]},
                            {"name": "networkInterfaceId", "value": task["eni"]},
                            {"name": "privateIPv4Address", "value": task["ip"]}],
            }],
            "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}],
            "availabilityZone": task["az"],
            "capacityProviderName": svc["provider"],
            "clusterArn": self.arn,
            "connectivity": "CONNECTED",
            "connectivityAt": at(task["started"] - 35, 120),
            "containers": [{
                "containerArn": "arn:aws:ecs:%s:%s:container/web-cluster/%s/%s" % (REGION, ACCOUNT, task["id"], task["container"]),
                "lastStatus": last,
                "name": svc_name,
                "image": "%s.dkr.ecr.%s.amazonaws.com/%s:%s" % (ACCOUNT, REGION, svc_name, task["image"]),
                "runtimeId": "%s-%s" % (task["id"], task["runtime"]),
                "taskArn": arn,
                "cpu": "0",
            }],
            "cpu": "512",
            "createdAt": at(task["started"] - 50, 310),
            "desiredStatus": desired,
            "group": "service:" + svc_name,
            "launchType": "FARGATE",
            "lastStatus": last,
            "memory": "1024",
            "overrides": {"containerOverrides": [{"name": svc_name}]},
            "platformVersion": "1.4.0",
            "startedAt": at(task["started"], 642),
            "startedBy": "ecs-svc/%d" % self.deploy_ids[svc_name],
            "taskArn": arn,
            "taskDefinitionArn": "arn:aws:ecs:%s:%s:task-definition/%s:%d" % (REGION, ACCOUNT, svc_name, task["revision"]),
            "updatedAt": at(f.now, f.ms()),
            "version": task["version"],
        }
        detail.update(extra)
        f.emit("ECS Task State Change", "aws.ecs", [arn], detail)

    def run_task(self, svc_name):
        f = self.f
        svc = self.services[svc_name]
        task = {"id": f.hexid("", 32), "az": f.rng.choice(["us-east-1a", "us-east-1b", "us-east-1c"]),
                "eni": f.hexid("eni-0", 16), "eni_attachment": f.uuid(), "container": f.uuid(),
                "runtime": "%010d" % f.rng.randrange(10**10),
                "ip": "10.0.%d.%d" % (f.rng.randrange(1, 250), f.rng.randrange(2, 250)),
                "started": f.now, "image": svc["image"], "revision": svc["revision"], "version": 3}
        svc["tasks"].append(task)
        self.task_event(svc_name, task, "RUNNING", "RUNNING", {})

    def stop_task(self, svc_name, task, code, reason, stopping):
        task["version"] += 2
        f = self.f
        self.services[svc_name]["tasks"].remove(task)
        self.task_event(svc_name, task, "STOPPED", "STOPPED", {
            "stopCode": code, "stoppedReason": reason, "stoppingAt": at(stopping, 88),
            "executionStoppedAt": at(f.now - 2, 403), "stoppedAt": at(f.now, f.ms())})

    def spot_interrupt(self, svc_name, count, replace_after):
        f = self.f
        tasks = [t for t in self.services[svc_name]["tasks"] if not t.get("leaving")]
        f.rng.shuffle(tasks)
        for n, task in enumerate(tasks[:count]):
            f.schedule(f.now + n * 20, self.spot_warning, svc_name, task, replace_after)
        if count > 1:
            # the service runs below its desired count long enough for the alarm
            f.schedule(f.now + 420, self.alarm_below, "ALARM", "OK", [2.0, 3.0, 3.0, 2.0, 1.0])
            f.schedule(f.now + 900, self.alarm_below, "OK", "ALARM", [0.0])

    def spot_warning(self, svc_name, task, replace_after):
        f = self.f
        task["version"] += 1
        task["leaving"] = True
        self.task_event(svc_name, task, "RUNNING", "STOPPED", {
            "stopCode": "SpotInterruption", "stoppedReason": "Your Spot Task was interrupted.",
            "stoppingAt": at(f.now, 88)})
        f.schedule(f.now + 120, self.stop_task, svc_name, task, "SpotInterruption",
                   "Your Spot Task was interrupted.", f.now)
        f.schedule(f.now + replace_after, self.run_task, svc_name)

    def deploy(self, svc_name, image):
        f = self.f
        svc = self.services[svc_name]
        svc["image"] = image
        svc["revision"] += 1
        self.deploy_ids[svc_name] += 7919
        old = [t for t in svc["tasks"] if not t.get("leaving")]
        for n, task in enumerate(old):
            task["leaving"] = True
            f.schedule(f.now + 45 * n, self.run_task, svc_name)
            f.schedule(f.now + 45 * n + 30, self.stop_task, svc_name, task, "ServiceSchedulerInitiated",
                       "Scaling activity initiated by (deployment ecs-svc/%d)" % self.deploy_ids[svc_name], f.now + 45 * n + 25)

    def alarm_below(self, value, previous, datapoints):
        dims = {"ClusterName": "web-cluster", "ServiceName": "web"}
        metrics = [
            {"id": "running", "metricStat": {"metric": {"namespace": "ECS/ContainerInsights", "name": "RunningTaskCount",
                                                         "dimensions": dims}, "period": 60, "stat": "Average"},
             "returnData": False},
            {"id": "desired", "metricStat": {"metric": {"namespace": "ECS/ContainerInsights", "name": "DesiredTaskCount",
                                                         "dimensions": dims}, "period": 60, "stat": "Average"},
             "returnData": False},
            {"id": "missing", "expression": "desired - running", "label": "Tasks below desired", "returnData": True},
        ]
        alarm(self.f, "web-running-below-desired", "web runs fewer tasks than desired for 5 minutes", metrics,
              value, previous, datapoints, 1.0, ">=")


def alarm(f, name, description, metrics, value, previous, datapoints, threshold, op):
    n = len(datapoints)
    shown = ", ".join("%.1f" % d for d in datapoints)
    verb = {">=": "greater than or equal to", ">": "greater than"}[op]
    if value == "ALARM":
        reason = "Threshold Crossed: %d datapoint%s [%s] %s %s the threshold (%.1f)." % (
            n, "s" if n > 1 else "", shown, "were" if n > 1 else "was", verb, threshold)
    else:
        reason = "Threshold Crossed: %d datapoint%s [%s] %s not %s the threshold (%.1f)." % (
            n, "s" if n > 1 else "", shown, "were" if n > 1 else "was", verb, threshold)
    reason_data = json.dumps({"version": "1.0", "queryDate": alarm_stamp(f.now, 0), "period": 60,
                              "recentDatapoints": datapoints, "threshold": threshold}, separators=(",", ":"))
    f.emit("CloudWatch Alarm State Change", "aws.cloudwatch",
           ["arn:aws:cloudwatch:%s:%s:alarm:%s" % (REGION, ACCOUNT, name)], {
               "alarmName": name,
               "state": {"value": value, "reason": reason, "reasonData": reason_data,
                         "timestamp": alarm_stamp(f.now, f.ms())},
               "previousState": {"value": previous, "reason": "Previous state of %s." % name,
                                 "timestamp": alarm_stamp(max(0, f.now - 1800), f.ms())},
               "configuration": {"description": description, "metrics": metrics},
           })


def single_metric(namespace, metric, dims, stat, period=60):
    return [{"id": "m1", "metricStat": {"metric": {"namespace": namespace, "name": metric, "dimensions": dims},
                                         "period": period, "stat": stat}, "returnData": True}]


def plan_alarms(f):
    alb = single_metric("AWS/ApplicationELB", "UnHealthyHostCount",
                        {"TargetGroup": "targetgroup/web-tg/6d0ecf831eec9f09",
                         "LoadBalancer": "app/web-alb/50dc6c495c0c9188"}, "Maximum")
    cpu = single_metric("AWS/EC2", "CPUUtilization", {"AutoScalingGroupName": "etl-spot-asg"}, "Average", 300)
    sqs = single_metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": "batch-default"}, "Maximum", 300)
    plan = [
        (hm(0, 42), "etl-cpu-high", "etl-spot-asg CPU above 90%", cpu, "ALARM", "OK", [97.3, 95.1], 90.0, ">"),
        (hm(1, 12), "etl-cpu-high", "etl-spot-asg CPU above 90%", cpu, "OK", "ALARM", [61.8], 90.0, ">"),
        (hm(1, 30), "batch-default-backlog", "batch-default holds more than 5000 messages", sqs, "ALARM", "OK",
         [8112.0, 7604.0], 5000.0, ">"),
        (hm(4, 5), "batch-default-backlog", "batch-default holds more than 5000 messages", sqs, "OK", "ALARM",
         [1220.0], 5000.0, ">"),
        (hm(10, 33), "web-alb-unhealthy-hosts", "Any unhealthy target behind web-alb for 3 minutes", alb,
         "ALARM", "OK", [2.0, 1.0, 1.0], 1.0, ">="),
        (hm(10, 38), "web-alb-unhealthy-hosts", "Any unhealthy target behind web-alb for 3 minutes", alb,
         "OK", "ALARM", [0.0], 1.0, ">="),
        (hm(10, 44), "web-alb-unhealthy-hosts", "Any unhealthy target behind web-alb for 3 minutes", alb,
         "ALARM", "OK", [1.0, 1.0, 1.0], 1.0, ">="),
        (hm(10, 47), "web-alb-unhealthy-hosts", "Any unhealthy target behind web-alb for 3 minutes", alb,
         "OK", "ALARM", [0.0], 1.0, ">="),
        (hm(21, 10), "web-alb-unhealthy-hosts", "Any unhealthy target behind web-alb for 3 minutes", alb,
         "ALARM", "OK", [3.0, 2.0, 2.0], 1.0, ">="),
        (hm(21, 16), "web-alb-unhealthy-hosts", "Any unhealthy target behind web-alb for 3 minutes", alb,
         "OK", "ALARM", [0.0], 1.0, ">="),
        (hm(23, 5), "etl-cpu-high", "etl-spot-asg CPU above 90%", cpu, "ALARM", "OK", [93.4, 92.0], 90.0, ">"),
        (hm(23, 25), "etl-cpu-high", "etl-spot-asg CPU above 90%", cpu, "OK", "ALARM", [44.0], 90.0, ">"),
    ]
    for t, *args in plan:
        f.schedule(t, alarm, f, *args)


def health_event(f, service, code, category, entities, start_in_days, description, scope="ACCOUNT_SPECIFIC"):
    start = f.now + int(start_in_days * 86400)
    detail = {
        "eventArn": "arn:aws:health:%s::event/%s/%s/%s_%s" % (REGION, service, code, code, f.hexid("", 12)),
        "service": service,
        "eventScopeCode": scope,
        "communicationId": f.hexid("", 64) + ("-1" if scope == "ACCOUNT_SPECIFIC" else ""),
        "lastUpdatedTime": rfc1123(f.now - 30),
        "statusCode": "upcoming" if category == "scheduledChange" else "open",
        "eventRegion": REGION,
        "eventTypeCode": code,
        "eventTypeCategory": category,
        "startTime": rfc1123(start if category == "scheduledChange" else f.now - 900),
    }
    if category == "scheduledChange":
        detail["endTime"] = rfc1123(start + 7200)
    detail["eventDescription"] = [{"language": "en_US", "latestDescription": description}]
    detail["affectedEntities"] = [{"entityValue": e, "lastUpdatedTime": rfc1123(f.now - 30), "status": "PENDING"}
                                  for e in entities]
    if scope == "ACCOUNT_SPECIFIC":
        detail["affectedAccount"] = ACCOUNT
    f.emit("AWS Health Event", "aws.health", list(entities), detail)


def health_for_instance(f, group, code, days, text):
    g = f.by_name[group]
    running = g.running()
    inst = running[len(running) // 2]
    health_event(f, "EC2", code, "scheduledChange", [inst.id], days, text % inst.id)


def plan_health(f):
    f.schedule(hm(7, 12), health_for_instance, f, "batch-spot-asg", "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED", 6.25,
               "EC2 has detected degradation of the hardware hosting instance %s; it is scheduled for retirement.")
    f.schedule(hm(13, 40), health_for_instance, f, "web-spot-asg", "AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED", 9.5,
               "Instance %s is scheduled for a reboot during a maintenance window.")
    f.schedule(hm(20, 5), health_for_instance, f, "etl-spot-asg", "AWS_EC2_INSTANCE_NETWORK_MAINTENANCE_SCHEDULED", 4.0,
               "Network maintenance is scheduled for the host of instance %s.")
    f.schedule(hm(9, 50), health_event, f, "EC2", "AWS_EC2_OPERATIONAL_ISSUE", "issue", [], 0,
               "Increased launch latencies for some instance types in use1-az4.", "PUBLIC")
    f.schedule(hm(15, 30), health_event, f, "RDS", "AWS_RDS_MAINTENANCE_SCHEDULED", "scheduledChange", ["orders-db"], 10,
               "A database engine patch is scheduled for orders-db.")


def generate():
    f = Fleet(SEED)
    f.schedule(0, f.tick)
    Cluster(f).start()
    plan_alarms(f)
    plan_health(f)
    f.schedule(hm(14, 20), f.storm, "render-spot-asg", [0, 30, 55, 90, 130, 170, 205, 240])
    f.schedule(hm(19, 5), f.storm, "render-spot-asg", [0, 35, 80, 120, 165])
    f.run()
    return f.lines


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-o", "--output", default=os.path.join(here, "fleet-day.jsonl"))
    args = p.parse_args()
    lines = generate()
    data = "".join(line + "\n" for line in lines)
    if args.output == "-":
        sys.stdout.write(data)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            out.write(data)
        print("wrote %d events (%d bytes) to %s" % (len(lines), len(data.encode()), args.output), file=sys.stderr)


if __name__ == "__main__":
    main()
