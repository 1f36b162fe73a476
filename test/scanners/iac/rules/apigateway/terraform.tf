# API Gateway in Terraform: REST API, methods, stages, WAF association, HTTP and WebSocket APIs.

variable "endpoint_type" {
  type = string
}

variable "web_acl_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/shop"
  retention_in_days = 365
}

# ok: aws.apigateway.no-waf
resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
  endpoint_configuration {
    # ruleid: aws.apigateway.public-endpoint
    types = ["REGIONAL"]
  }
}

# ruleid: aws.apigateway.no-waf, aws.apigateway.public-endpoint
resource "aws_api_gateway_rest_api" "legacy" {
  name = "legacy"
}

# ok: aws.apigateway.public-endpoint, aws.apigateway.no-waf
resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = ["vpce-0123456789abcdef0"]
  }
}

# ok: aws.apigateway.public-endpoint, aws.apigateway.no-waf
resource "aws_api_gateway_rest_api" "configurable" {
  name = "configurable"
  endpoint_configuration {
    types = [var.endpoint_type]
  }
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_request_validator" "body" {
  name                  = "body"
  rest_api_id           = aws_api_gateway_rest_api.shop.id
  validate_request_body = true
}

resource "aws_api_gateway_request_validator" "params" {
  name                        = "params"
  rest_api_id                 = aws_api_gateway_rest_api.shop.id
  validate_request_parameters = true
}

resource "aws_api_gateway_authorizer" "cognito" {
  name          = "cognito"
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"]
}

# ok: aws.apigateway.method-no-request-validation
resource "aws_api_gateway_method" "list_orders" {
  rest_api_id      = aws_api_gateway_rest_api.shop.id
  resource_id      = aws_api_gateway_resource.orders.id
  http_method      = "GET"
  # ruleid: aws.apigateway.method-no-auth
  authorization    = "NONE"
  api_key_required = true
}

# ok: aws.apigateway.method-no-auth, aws.apigateway.method-no-request-validation
resource "aws_api_gateway_method" "orders_options" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

# ok: aws.apigateway.method-no-auth, aws.apigateway.method-no-request-validation
resource "aws_api_gateway_method" "create_order" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "COGNITO_USER_POOLS"
  authorizer_id        = aws_api_gateway_authorizer.cognito.id
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models       = { "application/json" = "Order" }
}

# ruleid: aws.apigateway.method-no-request-validation
# ok: aws.apigateway.method-no-auth
resource "aws_api_gateway_method" "replace_order" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "PUT"
  authorization        = "AWS_IAM"
  request_validator_id = aws_api_gateway_request_validator.params.id
}

# ruleid: aws.apigateway.method-no-request-validation
resource "aws_api_gateway_method" "proxy" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "ANY"
  # ruleid: aws.apigateway.method-no-auth
  authorization = "NONE"
}

# Private API: reachable only through the VPC endpoints its resource policy allows.
# ok: aws.apigateway.method-no-auth
resource "aws_api_gateway_method" "internal_report" {
  rest_api_id   = aws_api_gateway_rest_api.internal.id
  resource_id   = aws_api_gateway_rest_api.internal.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

# ok: aws.apigateway.stage-no-access-logs, aws.apigateway.cache-cluster-unencrypted
resource "aws_api_gateway_stage" "prod" {
  stage_name            = "prod"
  rest_api_id           = aws_api_gateway_rest_api.shop.id
  deployment_id         = "abc123"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}

resource "aws_api_gateway_method_settings" "prod_all" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    metrics_enabled      = true
    caching_enabled      = true
    # ruleid: aws.apigateway.cache-unencrypted
    cache_data_encrypted = false
  }
}

resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = var.web_acl_arn
}

# ruleid: aws.apigateway.stage-no-access-logs
resource "aws_api_gateway_stage" "legacy" {
  stage_name    = "legacy"
  rest_api_id   = aws_api_gateway_rest_api.legacy.id
  deployment_id = "def456"
  # ruleid: aws.apigateway.cache-cluster-unencrypted
  cache_cluster_enabled = true
}

# ok: aws.apigateway.cache-unencrypted, aws.apigateway.cache-cluster-unencrypted
resource "aws_api_gateway_stage" "internal" {
  stage_name            = "internal"
  rest_api_id           = aws_api_gateway_rest_api.internal.id
  deployment_id         = "ghi789"
  cache_cluster_enabled = true
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId"
  }
}

resource "aws_api_gateway_method_settings" "internal_all" {
  rest_api_id = aws_api_gateway_rest_api.internal.id
  stage_name  = aws_api_gateway_stage.internal.stage_name
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}

# HTTP API ----------------------------------------------------------------------

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.http.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    audience = ["client-id"]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"
  }
}

# ok: aws.apigateway.http-route-no-auth
resource "aws_apigatewayv2_route" "get_orders" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}

# ruleid: aws.apigateway.http-route-no-auth
resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "$default"
}

# ok: aws.apigateway.http-route-no-auth
resource "aws_apigatewayv2_route" "preflight" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "OPTIONS /{proxy+}"
}

# ok: aws.apigateway.v2-stage-no-access-logs
resource "aws_apigatewayv2_stage" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.routeKey $context.status"
  }
}

# WebSocket API -------------------------------------------------------------------

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

# ok: aws.apigateway.http-route-no-auth
resource "aws_apigatewayv2_route" "connect" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$connect"
  # ruleid: aws.apigateway.websocket-connect-no-auth
  authorization_type = "NONE"
}

# ok: aws.apigateway.http-route-no-auth, aws.apigateway.websocket-connect-no-auth
resource "aws_apigatewayv2_route" "chat_default" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$default"
}

# ruleid: aws.apigateway.v2-stage-no-access-logs
resource "aws_apigatewayv2_stage" "chat" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "prod"
}
