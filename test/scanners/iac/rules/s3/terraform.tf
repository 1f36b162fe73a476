variable "block_acls" {
  type = bool
}

# ok: aws.s3.public-access-block-not-declared, aws.s3.default-encryption-not-declared, aws.s3.versioning-disabled, aws.s3.tls-not-enforced, aws.s3.sensitive-bucket-no-cmk
resource "aws_s3_bucket" "customer_data" {
  bucket = "acme-customer-data"
}

resource "aws_s3_bucket_public_access_block" "customer_data" {
  bucket                  = aws_s3_bucket.customer_data.id
  # ok: aws.s3.public-access-block-disabled
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "customer_data" {
  bucket = aws_s3_bucket.customer_data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.customer_data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "customer_data" {
  bucket = aws_s3_bucket.customer_data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "customer_data" {
  bucket = aws_s3_bucket.customer_data.id
  policy = data.aws_iam_policy_document.customer_data.json
}

data "aws_iam_policy_document" "customer_data" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.customer_data.arn, "${aws_s3_bucket.customer_data.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_kms_key" "customer_data" {
  enable_key_rotation = true
}

# ruleid: aws.s3.public-access-block-not-declared, aws.s3.default-encryption-not-declared, aws.s3.versioning-disabled, aws.s3.tls-not-enforced
# ok: aws.s3.sensitive-bucket-no-cmk
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

# ruleid: aws.s3.tls-not-enforced, aws.s3.default-encryption-not-declared
resource "aws_s3_bucket" "website" {
  bucket = "acme-website"
}

resource "aws_s3_bucket_public_access_block" "website" {
  bucket                  = aws_s3_bucket.website.id
  block_public_acls       = true
  ignore_public_acls      = true
  # ruleid: aws.s3.public-access-block-disabled
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_acl" "website" {
  bucket = aws_s3_bucket.website.id
  # ruleid: aws.s3.public-acl
  acl    = "public-read"
}

resource "aws_s3_bucket_versioning" "website" {
  bucket = aws_s3_bucket.website.id
  versioning_configuration {
    # ruleid: aws.s3.versioning-disabled
    status = "Suspended"
  }
}

resource "aws_s3_bucket_policy" "website" {
  bucket = aws_s3_bucket.website.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # ruleid: aws.s3.policy-public-principal
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.website.arn}/*"
      },
    ]
  })
}

# The provider defaults omitted settings of a public access block to false.
# ruleid: aws.s3.tls-not-enforced, aws.s3.default-encryption-not-declared, aws.s3.versioning-disabled
resource "aws_s3_bucket" "partial" {
  bucket = "acme-partial"
}

resource "aws_s3_bucket_public_access_block" "partial" {
  bucket = aws_s3_bucket.partial.id
  # ruleid: aws.s3.public-access-block-disabled
  block_public_acls = true
}

# ruleid: aws.s3.tls-not-enforced, aws.s3.default-encryption-not-declared, aws.s3.versioning-disabled
# ok: aws.s3.public-access-block-disabled, aws.s3.public-access-block-not-declared
resource "aws_s3_bucket" "unknown" {
  bucket = "acme-unknown"
}

resource "aws_s3_bucket_public_access_block" "unknown" {
  bucket                  = aws_s3_bucket.unknown.id
  block_public_acls       = var.block_acls
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "org" {
  bucket = aws_s3_bucket.unknown.id
  policy = jsonencode({
    Version = "2012-10-17"
    # ok: aws.s3.policy-public-principal
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.unknown.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

# ruleid: aws.s3.sensitive-bucket-no-cmk, aws.s3.public-access-block-not-declared, aws.s3.tls-not-enforced, aws.s3.versioning-disabled
# ok: aws.s3.default-encryption-not-declared
resource "aws_s3_bucket" "user_uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "user_uploads" {
  bucket = aws_s3_bucket.user_uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
