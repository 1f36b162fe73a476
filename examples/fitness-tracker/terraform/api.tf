resource "aws_api_gateway_rest_api" "activities" {
  name = "${local.name}-activities"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_authorizer" "athletes" {
  name          = "athletes"
  rest_api_id   = aws_api_gateway_rest_api.activities.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [aws_cognito_user_pool.athletes.arn]
}

resource "aws_api_gateway_resource" "activities" {
  rest_api_id = aws_api_gateway_rest_api.activities.id
  parent_id   = aws_api_gateway_rest_api.activities.root_resource_id
  path_part   = "activities"
}

resource "aws_api_gateway_method" "record_activity" {
  rest_api_id   = aws_api_gateway_rest_api.activities.id
  resource_id   = aws_api_gateway_resource.activities.id
  http_method   = "POST"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.athletes.id
}

resource "aws_api_gateway_resource" "routes" {
  rest_api_id = aws_api_gateway_rest_api.activities.id
  parent_id   = aws_api_gateway_rest_api.activities.root_resource_id
  path_part   = "routes"
}

resource "aws_api_gateway_method" "list_routes" {
  rest_api_id   = aws_api_gateway_rest_api.activities.id
  resource_id   = aws_api_gateway_resource.routes.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_method" "routes_preflight" {
  rest_api_id   = aws_api_gateway_rest_api.activities.id
  resource_id   = aws_api_gateway_resource.routes.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.activities.id
  deployment_id = "placeholder"
  stage_name    = var.stage
}

resource "aws_wafv2_web_acl_association" "activities" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/fitness/0f1e2d3c"
}
