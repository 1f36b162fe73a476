variable "table_key_arn" {
  type = string
}

# ruleid: aws.dynamodb.pitr-disabled, aws.dynamodb.sensitive-table-no-cmk
resource "aws_dynamodb_table" "users" {
  name         = "users"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

# ok: aws.dynamodb.pitr-disabled, aws.dynamodb.sensitive-table-no-cmk
resource "aws_dynamodb_table" "payments" {
  name         = "payments"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = var.table_key_arn
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "shop-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    # ruleid: aws.dynamodb.pitr-disabled
    enabled = false
  }
  # Encryption with the AWS managed key only.
  # ruleid: aws.dynamodb.sensitive-table-no-cmk
  server_side_encryption {
    enabled = true
  }
}

# ok: aws.dynamodb.sensitive-table-no-cmk
resource "aws_dynamodb_table" "feature_flags" {
  name         = "feature-flags"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}
