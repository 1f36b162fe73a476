# CloudFront distributions in Terraform.

variable "certificate_arn" {
  type = string
}

variable "tls_policy" {
  type = string
}

resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudfront_distribution" "legacy" {
  # The loader places DistributionConfig at its first attribute.
  # ruleid: aws.cloudfront.no-waf
  enabled             = true
  default_root_object = "index.html"

  origin {
    domain_name = "legacy-site.s3-website-eu-west-1.amazonaws.com"
    origin_id   = "website"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      # ruleid: aws.cloudfront.origin-http-only
      origin_protocol_policy = "http-only"
      # ruleid: aws.cloudfront.origin-ssl-protocols
      origin_ssl_protocols   = ["SSLv3", "TLSv1"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "website"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    # ruleid: aws.cloudfront.viewer-protocol-allow-all
    viewer_protocol_policy = "allow-all"
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "website"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    # ok: aws.cloudfront.cache-behavior-allow-all
    viewer_protocol_policy = "redirect-to-https"
  }

  ordered_cache_behavior {
    path_pattern           = "/downloads/*"
    target_origin_id       = "website"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    # ruleid: aws.cloudfront.cache-behavior-allow-all
    viewer_protocol_policy = "allow-all"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # The default certificate: the security policy cannot be chosen.
  # ok: aws.cloudfront.outdated-tls-policy
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# ok: aws.cloudfront.no-waf, aws.cloudfront.viewer-protocol-allow-all
resource "aws_cloudfront_distribution" "shop" {
  enabled    = true
  aliases    = ["shop.example.com"]
  web_acl_id = aws_wafv2_web_acl.edge.arn

  # ok: aws.cloudfront.origin-http-only, aws.cloudfront.origin-ssl-protocols
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # Terraform's default minimum_protocol_version is TLSv1.
  # ruleid: aws.cloudfront.outdated-tls-policy
  viewer_certificate {
    acm_certificate_arn = var.certificate_arn
    ssl_support_method  = "sni-only"
  }
}

# ok: aws.cloudfront.no-waf, aws.cloudfront.viewer-protocol-allow-all
resource "aws_cloudfront_distribution" "api" {
  enabled    = true
  aliases    = ["api.example.com"]
  web_acl_id = aws_wafv2_web_acl.edge.arn

  origin {
    domain_name = "abc123.execute-api.eu-west-1.amazonaws.com"
    origin_id   = "api"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "api"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "https-only"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    # ok: aws.cloudfront.outdated-tls-policy
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# ok: aws.cloudfront.outdated-tls-policy
resource "aws_cloudfront_distribution" "configurable" {
  enabled    = true
  aliases    = ["www.example.com"]
  web_acl_id = aws_wafv2_web_acl.edge.arn

  origin {
    domain_name = "www.example.com"
    origin_id   = "www"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "www"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "https-only"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = var.tls_policy
  }
}
