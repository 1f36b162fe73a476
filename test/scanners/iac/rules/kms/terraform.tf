# ruleid: aws.kms.rotation-disabled
# ok: aws.kms.key-policy-public
resource "aws_kms_key" "default" {
  description = "default"
}

resource "aws_kms_key" "public" {
  description = "public"
  # ruleid: aws.kms.rotation-disabled
  enable_key_rotation = false
  # ruleid: aws.kms.key-policy-public
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

# ok: aws.kms.rotation-disabled
resource "aws_kms_key" "rotated" {
  enable_key_rotation = true
  # ok: aws.kms.key-policy-public
  policy = data.aws_iam_policy_document.rotated.json
}

data "aws_iam_policy_document" "rotated" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

# ok: aws.kms.rotation-disabled
resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}
