#!/usr/bin/env python3
"""WireMock mappings (standalone, --root-dir) for scripts/jenkins-e2e's ecsDeploy runs.

ECS and CodeDeploy in their awsJson1_1 shapes (X-Amz-Target AmazonEC2ContainerServiceV20141113.* and
CodeDeploy_20141006.*, bodies as the API references document them), as stateful scenarios:
  rolling     an ECS-controller service: revision 7 -> 8, IN_PROGRESS twice, then COMPLETED;
  codedeploy  a CODE_DEPLOY service: CreateDeployment, Created -> InProgress -> Ready (test traffic),
              then Succeeded after ContinueDeployment, or Stopped (rolled back) after StopDeployment.

  scripts/e2e/ecs-fake.py SCENARIO ROOT_DIR
"""
import json
import os
import sys

ECS = "AmazonEC2ContainerServiceV20141113."
CD = "CodeDeploy_20141006."
ACCOUNT, REGION = "123456789012", "eu-west-3"
CLUSTER = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/shop"
SERVICE = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/shop/api"
DEPLOYMENT_ID = "d-E2EEXAMPL"


def td_arn(rev):
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/api:{rev}"


TASK_DEFINITION = {
    "family": "api",
    "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/api-task",
    "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole",
    "networkMode": "awsvpc",
    "containerDefinitions": [{
        "name": "app",
        "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/shop/api:v1",
        "essential": True,
        "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
        "environment": [{"name": "FEATURE_FLAG", "value": ""}],
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/db"}],
    }],
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
}


def deployment(did, status, rev, rollout, running, pending):
    return {"id": did, "status": status, "taskDefinition": td_arn(rev), "desiredCount": 2,
            "pendingCount": pending, "runningCount": running, "failedTasks": 0,
            "createdAt": 1.7648928E9, "updatedAt": 1.7648929E9, "launchType": "FARGATE",
            "rolloutState": rollout, "rolloutStateReason": f"ECS deployment {did} {rollout.lower()}."}


def services(rev, controller, deployments, events):
    return {"services": [{
        "serviceArn": SERVICE, "serviceName": "api", "clusterArn": CLUSTER, "status": "ACTIVE",
        "desiredCount": 2, "runningCount": 2, "pendingCount": 0, "launchType": "FARGATE",
        "taskDefinition": td_arn(rev),
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                                    "maximumPercent": 200, "minimumHealthyPercent": 100},
        "deploymentController": {"type": controller},
        "loadBalancers": [{"targetGroupArn": f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/api-blue/0123456789abcdef",
                           "containerName": "app", "containerPort": 8080}],
        "deployments": deployments, "events": events}], "failures": []}


def event(eid, message):
    return {"id": eid, "createdAt": 1.7648929E9, "message": message}


def described(rev):
    td = dict(TASK_DEFINITION, taskDefinitionArn=td_arn(rev), revision=rev, status="ACTIVE",
              requiresAttributes=[{"name": "ecs.capability.secrets.asm.environment-variables"}],
              compatibilities=["EC2", "FARGATE"], registeredAt=1.764892800123E9,
              registeredBy=f"arn:aws:iam::{ACCOUNT}:role/ci")
    return {"taskDefinition": td, "tags": [{"key": "team", "value": "shop"}]}


def registered(rev):
    return {"taskDefinition": dict(TASK_DEFINITION, taskDefinitionArn=td_arn(rev), revision=rev, status="ACTIVE")}


def deployment_info(status):
    info = {"deploymentId": DEPLOYMENT_ID, "applicationName": "shop", "deploymentGroupName": "api",
            "status": status, "computePlatform": "ECS"}
    if status == "Stopped":
        info["errorInformation"] = {"code": "MANUAL_STOP", "message": "The deployment was stopped by a user"}
        info["rollbackInfo"] = {"rollbackMessage": "Rolled back to the original task set"}
    return {"deploymentInfo": info}


def target(test_traffic, allow_traffic):
    return {"deploymentTarget": {"deploymentTargetType": "ECSTarget", "ecsTarget": {
        "deploymentId": DEPLOYMENT_ID, "targetId": "shop:api", "status": "InProgress", "lifecycleEvents": [
            {"lifecycleEventName": "Install", "status": "Succeeded"},
            {"lifecycleEventName": "AfterAllowTestTraffic", "status": test_traffic},
            {"lifecycleEventName": "AllowTraffic", "status": allow_traffic}]}}}


mappings = []


def stub(operation, body, scenario=None, state=None, next_state=None, status=200):
    m = {"request": {"method": "POST", "url": "/", "headers": {"X-Amz-Target": {"equalTo": operation}}},
         "response": {"status": status, "headers": {"Content-Type": "application/x-amz-json-1.1"},
                      "body": json.dumps(body)}}
    if scenario:
        m["scenarioName"] = scenario
        m["requiredScenarioState"] = state
        if next_state:
            m["newScenarioState"] = next_state
    mappings.append(m)


def sequence(operation, bodies):
    """Each call answers the next body, the last one again and again."""
    for i, body in enumerate(bodies):
        stub(operation, body, operation, "Started" if i == 0 else f"{operation}-{i}",
             f"{operation}-{i + 1}" if i < len(bodies) - 1 else None)


def rolling():
    old, new = "ecs-svc/1111111111111111111", "ecs-svc/2222222222222222222"
    steady = event("e0", "(service api) has reached a steady state.")
    started = event("e1", "(service api) has started 2 tasks: (task a1) (task a2).")
    sequence(ECS + "DescribeServices", [
        services(7, "ECS", [deployment(old, "PRIMARY", 7, "COMPLETED", 2, 0)], [steady]),
        services(8, "ECS", [deployment(new, "PRIMARY", 8, "IN_PROGRESS", 0, 2),
                            deployment(old, "ACTIVE", 7, "COMPLETED", 2, 0)], [started, steady]),
        services(8, "ECS", [deployment(new, "PRIMARY", 8, "IN_PROGRESS", 2, 0),
                            deployment(old, "ACTIVE", 7, "COMPLETED", 0, 0)], [started, steady]),
        services(8, "ECS", [deployment(new, "PRIMARY", 8, "COMPLETED", 2, 0)],
                 [event("e3", "(service api) has reached a steady state."), started, steady]),
    ])
    stub(ECS + "DescribeTaskDefinition", described(7))
    stub(ECS + "RegisterTaskDefinition", registered(8))
    stub(ECS + "UpdateService", {"service": {"serviceArn": SERVICE, "serviceName": "api", "taskDefinition": td_arn(8),
                                             "deployments": [deployment(new, "PRIMARY", 8, "IN_PROGRESS", 0, 0)]}})


def codedeploy():
    stub(ECS + "DescribeServices", services(7, "CODE_DEPLOY", [deployment("ecs-svc/1", "PRIMARY", 7, "COMPLETED", 2, 0)], []))
    stub(ECS + "DescribeTaskDefinition", described(7))
    stub(ECS + "RegisterTaskDefinition", registered(8))
    stub(CD + "CreateDeployment", {"deploymentId": DEPLOYMENT_ID})
    # One scenario for the deployment: Created -> InProgress -> Ready, where a person decides.
    s = "deployment"
    stub(CD + "GetDeployment", deployment_info("Created"), s, "Started", "in-progress")
    stub(CD + "GetDeployment", deployment_info("InProgress"), s, "in-progress", "ready")
    stub(CD + "GetDeployment", deployment_info("Ready"), s, "ready")
    stub(CD + "ContinueDeployment", {}, s, "ready", "continued")
    stub(CD + "GetDeployment", deployment_info("Succeeded"), s, "continued")
    stub(CD + "StopDeployment", {"status": "Pending", "statusMessage": "Stop in progress"}, s, "ready", "stopped")
    stub(CD + "GetDeployment", deployment_info("Stopped"), s, "stopped")
    stub(CD + "GetDeploymentTarget", target("InProgress", "Pending"), s, "in-progress")
    stub(CD + "GetDeploymentTarget", target("Succeeded", "Pending"), s, "ready")
    stub(CD + "GetDeploymentTarget", target("Succeeded", "Succeeded"), s, "continued")
    stub(CD + "GetDeploymentTarget", target("Succeeded", "Pending"), s, "stopped")


if __name__ == "__main__":
    scenario, root = sys.argv[1], sys.argv[2]
    {"rolling": rolling, "codedeploy": codedeploy}[scenario]()
    os.makedirs(os.path.join(root, "mappings"), exist_ok=True)
    with open(os.path.join(root, "mappings", scenario + ".json"), "w") as f:
        json.dump({"mappings": mappings}, f, indent=1)
