# Cognito in Terraform.

variable "refresh_days" {
  type = number
}

# ruleid: aws.cognito.mfa-off, aws.cognito.threat-protection-not-enforced
# ok: aws.cognito.weak-password-policy, aws.cognito.mfa-optional
resource "aws_cognito_user_pool" "default" {
  name = "default"
}

# ok: aws.cognito.mfa-off, aws.cognito.mfa-optional, aws.cognito.threat-protection-not-enforced, aws.cognito.weak-password-policy
resource "aws_cognito_user_pool" "hardened" {
  name              = "hardened"
  mfa_configuration = "ON"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 12
    require_uppercase                = true
    require_lowercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  user_pool_add_ons {
    advanced_security_mode = "ENFORCED"
  }
}

resource "aws_cognito_user_pool" "weak" {
  name = "weak"
  # ruleid: aws.cognito.mfa-optional
  mfa_configuration = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length    = 8
    require_uppercase = true
    require_lowercase = true
    require_numbers   = true
    # ruleid: aws.cognito.weak-password-policy
    require_symbols   = false
  }

  user_pool_add_ons {
    # ruleid: aws.cognito.threat-protection-not-enforced
    advanced_security_mode = "AUDIT"
  }
}

# ok: aws.cognito.refresh-token-long-lived
resource "aws_cognito_user_pool_client" "web" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.hardened.id
}

resource "aws_cognito_user_pool_client" "mobile" {
  name         = "mobile"
  user_pool_id = aws_cognito_user_pool.hardened.id
  # ruleid: aws.cognito.refresh-token-long-lived
  refresh_token_validity = 90
}

# ok: aws.cognito.refresh-token-long-lived
resource "aws_cognito_user_pool_client" "kiosk" {
  name                   = "kiosk"
  user_pool_id           = aws_cognito_user_pool.hardened.id
  refresh_token_validity = 12
  token_validity_units {
    refresh_token = "hours"
  }
}

# ok: aws.cognito.refresh-token-long-lived
resource "aws_cognito_user_pool_client" "configurable" {
  name                   = "configurable"
  user_pool_id           = aws_cognito_user_pool.hardened.id
  refresh_token_validity = var.refresh_days
}

resource "aws_cognito_identity_pool" "guests" {
  identity_pool_name = "guests"
  # ruleid: aws.cognito.identity-pool-unauthenticated
  allow_unauthenticated_identities = true
}

# ok: aws.cognito.identity-pool-unauthenticated
resource "aws_cognito_identity_pool" "members" {
  identity_pool_name               = "members"
  allow_unauthenticated_identities = false
  cognito_identity_providers {
    client_id     = aws_cognito_user_pool_client.web.id
    provider_name = aws_cognito_user_pool.hardened.endpoint
  }
}
