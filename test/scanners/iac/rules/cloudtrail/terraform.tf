variable "logging" {
  type = bool
}

# The provider defaults enable_logging to true.
# ruleid: aws.cloudtrail.log-file-validation-disabled, aws.cloudtrail.not-multi-region
# ruleid: aws.cloudtrail.not-encrypted-with-kms
# ok: aws.cloudtrail.logging-disabled
resource "aws_cloudtrail" "default" {
  name           = "default"
  s3_bucket_name = aws_s3_bucket.trail.id
}

# ok: aws.cloudtrail.log-file-validation-disabled, aws.cloudtrail.not-encrypted-with-kms
# ok: aws.cloudtrail.not-multi-region
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  # ruleid: aws.cloudtrail.logging-disabled
  enable_logging             = false
  enable_log_file_validation = true
  is_multi_region_trail      = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "variable" {
  name           = "variable"
  s3_bucket_name = aws_s3_bucket.trail.id
  # ok: aws.cloudtrail.logging-disabled
  enable_logging = var.logging
  # ruleid: aws.cloudtrail.log-file-validation-disabled
  enable_log_file_validation = false
  # ruleid: aws.cloudtrail.not-multi-region
  is_multi_region_trail = false
  # ok: aws.cloudtrail.not-encrypted-with-kms
  kms_key_id = aws_kms_key.trail.arn
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}
