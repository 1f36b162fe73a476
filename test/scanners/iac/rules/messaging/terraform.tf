# ruleid: aws.sns.topic-not-encrypted
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# ok: aws.sns.topic-not-encrypted
resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.messaging.id
}

# ok: aws.sqs.encryption-disabled
resource "aws_sqs_queue" "default" {
  name = "default"
}

resource "aws_sqs_queue" "plain" {
  name = "plain"
  # ruleid: aws.sqs.encryption-disabled
  sqs_managed_sse_enabled = false
}

# ok: aws.sqs.encryption-disabled
resource "aws_sqs_queue" "kms" {
  name                    = "kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = aws_kms_key.messaging.arn
}

# ruleid: aws.kinesis.stream-not-encrypted
resource "aws_kinesis_stream" "default" {
  name        = "default"
  shard_count = 1
}

resource "aws_kinesis_stream" "none" {
  name        = "none"
  shard_count = 1
  # ruleid: aws.kinesis.stream-not-encrypted
  encryption_type = "NONE"
}

# ok: aws.kinesis.stream-not-encrypted
resource "aws_kinesis_stream" "kms" {
  name            = "kms"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}

# ruleid: aws.events.bus-no-cmk
resource "aws_cloudwatch_event_bus" "orders" {
  name = "orders"
}

# ok: aws.events.bus-no-cmk
resource "aws_cloudwatch_event_bus" "payments" {
  name               = "payments"
  kms_key_identifier = aws_kms_key.messaging.arn
}

resource "aws_kms_key" "messaging" {
  enable_key_rotation = true
}

resource "aws_sqs_queue_policy" "plain" {
  queue_url = aws_sqs_queue.plain.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # ruleid: aws.sqs.policy-public-principal
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.plain.arn
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "kms" {
  queue_url = aws_sqs_queue.kms.id
  # ok: aws.sqs.policy-public-principal
  policy    = data.aws_iam_policy_document.kms_queue.json
}

data "aws_iam_policy_document" "kms_queue" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.kms.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.orders.arn]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  # A policy document data source: the finding points at the argument that uses it.
  policy = data.aws_iam_policy_document.alerts.json
}

data "aws_iam_policy_document" "alerts" {
  # ruleid: aws.sns.policy-public-principal
  statement {
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
