variable "retention_days" {
  type = number
}

# ruleid: aws.logs.retention-not-set
resource "aws_cloudwatch_log_group" "audit" {
  name = "/acme/audit"
}

resource "aws_cloudwatch_log_group" "forever" {
  name = "/acme/forever"
  # 0 means never expire in the provider.
  # ruleid: aws.logs.retention-not-set
  retention_in_days = 0
}

# ok: aws.logs.retention-not-set
resource "aws_cloudwatch_log_group" "api" {
  name              = "/acme/api"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "variable" {
  name = "/acme/variable"
  # ok: aws.logs.retention-not-set
  retention_in_days = var.retention_days
}

# ok: aws.logs.retention-not-set
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::111122223333:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  s3_bucket     = "acme-artifacts"
  s3_key        = "worker.zip"
}
