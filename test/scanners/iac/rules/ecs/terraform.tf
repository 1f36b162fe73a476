variable "image" {
  type = string
}

variable "api_key" {
  type      = string
  sensitive = true
}

# Container definitions are JSON with the ECS API's camelCase keys; each finding points at them.
resource "aws_ecs_task_definition" "weak" {
  family = "weak"
  # ruleid: aws.ecs.host-network-mode
  network_mode = "host"
  # ruleid: aws.ecs.privileged-container, aws.ecs.writable-root-filesystem, aws.ecs.environment-secret
  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = "nginx:1.27"
      privileged             = true
      readonlyRootFilesystem = false
      environment = [
        { name = "DB_HOST", value = "db.internal" },
        { name = "DB_PASSWORD", value = "Sup3rS3cretPassw0rd" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options   = { "awslogs-group" = "/ecs/weak" }
      }
    }
  ])
}

# ok: aws.ecs.host-network-mode
resource "aws_ecs_task_definition" "strong" {
  family                   = "strong"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  # ok: aws.ecs.privileged-container, aws.ecs.writable-root-filesystem, aws.ecs.environment-secret
  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = var.image
      privileged             = false
      readonlyRootFilesystem = true
      environment = [
        { name = "API_TOKEN", value = var.api_key },
        { name = "DB_PASSWORD_SECRET_ARN", value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db" },
      ]
    }
  ])
}

# A heredoc with the defaults: unprivileged, writable root file system, bridge networking.
# ok: aws.ecs.host-network-mode
resource "aws_ecs_task_definition" "heredoc" {
  family = "heredoc"
  # ok: aws.ecs.privileged-container, aws.ecs.environment-secret
  # ruleid: aws.ecs.writable-root-filesystem
  container_definitions = <<-JSON
    [
      {
        "name": "worker",
        "image": "${var.image}",
        "environment": [{ "name": "QUEUE_NAME", "value": "jobs" }]
      }
    ]
  JSON
}
