variable "ami" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
}

# --- instance metadata service ---------------------------------------------------------

# ok: aws.ec2.instance-imdsv2-not-required
resource "aws_instance" "optional_tokens" {
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    # ruleid: aws.ec2.imdsv1-enabled
    http_tokens = "optional"
  }
}

# ok: aws.ec2.imdsv1-enabled, aws.ec2.instance-imdsv2-not-required
resource "aws_instance" "required_tokens" {
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

# ok: aws.ec2.imdsv1-enabled
# ruleid: aws.ec2.instance-imdsv2-not-required
resource "aws_instance" "default_metadata" {
  ami           = var.ami
  instance_type = "t3.micro"
}

# ok: aws.ec2.imdsv1-enabled
resource "aws_instance" "hop_limit_only" {
  ami           = var.ami
  instance_type = "t3.micro"
  # ruleid: aws.ec2.instance-imdsv2-not-required
  metadata_options {
    http_put_response_hop_limit = 2
  }
}

# ok: aws.ec2.imdsv1-enabled, aws.ec2.instance-imdsv2-not-required
resource "aws_instance" "from_template" {
  launch_template {
    id      = aws_launch_template.required_tokens.id
    version = "$Latest"
  }
}

# ok: aws.ec2.launch-template-imdsv2-not-required
resource "aws_launch_template" "optional_tokens" {
  name     = "optional-tokens"
  image_id = var.ami
  metadata_options {
    # ruleid: aws.ec2.imdsv1-enabled
    http_tokens = "optional"
  }
}

# ok: aws.ec2.imdsv1-enabled, aws.ec2.launch-template-imdsv2-not-required
resource "aws_launch_template" "required_tokens" {
  name     = "required-tokens"
  image_id = var.ami
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}

# LaunchTemplateData is declared by its first argument.
# ok: aws.ec2.imdsv1-enabled
resource "aws_launch_template" "default_metadata" {
  name = "default-metadata"
  # ruleid: aws.ec2.launch-template-imdsv2-not-required
  image_id = var.ami
}

# ok: aws.ec2.instance-imdsv2-not-required
resource "aws_launch_configuration" "optional_tokens" {
  image_id      = var.ami
  instance_type = "t3.micro"
  metadata_options {
    # ruleid: aws.ec2.imdsv1-enabled
    http_tokens = "optional"
  }
}

# --- public IP addresses ---------------------------------------------------------------

resource "aws_instance" "public" {
  ami           = var.ami
  instance_type = "t3.micro"
  # ruleid: aws.ec2.public-ip
  associate_public_ip_address = true
  metadata_options {
    http_tokens = "required"
  }
}

# ok: aws.ec2.public-ip
resource "aws_instance" "private" {
  ami                         = var.ami
  instance_type               = "t3.micro"
  associate_public_ip_address = false
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_template" "public" {
  name = "public"
  metadata_options {
    http_tokens = "required"
  }
  # ok: aws.ec2.public-ip
  network_interfaces {
    device_index                = 1
    associate_public_ip_address = "false"
  }
  # ruleid: aws.ec2.public-ip
  network_interfaces {
    device_index                = 0
    associate_public_ip_address = "true"
  }
}

resource "aws_launch_configuration" "public" {
  image_id      = var.ami
  instance_type = "t3.micro"
  # ruleid: aws.ec2.public-ip
  associate_public_ip_address = true
  metadata_options {
    http_tokens = "required"
  }
}

# --- EBS encryption --------------------------------------------------------------------

# ruleid: aws.ec2.ebs-volume-not-encrypted
resource "aws_ebs_volume" "default" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_ebs_volume" "plain" {
  availability_zone = "eu-west-1a"
  size              = 10
  # ruleid: aws.ec2.ebs-volume-not-encrypted
  encrypted = false
}

# ok: aws.ec2.ebs-volume-not-encrypted
resource "aws_ebs_volume" "encrypted" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# ok: aws.ec2.ebs-volume-not-encrypted
resource "aws_ebs_volume" "from_snapshot" {
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

resource "aws_instance" "devices" {
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
  # ok: aws.ec2.block-device-not-encrypted
  root_block_device {
    volume_size = 30
  }
  # ruleid: aws.ec2.block-device-not-encrypted
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 100
    encrypted   = false
  }
  # ok: aws.ec2.block-device-not-encrypted
  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 100
    encrypted   = true
  }
}

resource "aws_launch_template" "devices" {
  name = "devices"
  metadata_options {
    http_tokens = "required"
  }
  # ruleid: aws.ec2.block-device-not-encrypted
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      encrypted   = "false"
    }
  }
}

# --- user data -------------------------------------------------------------------------

resource "aws_instance" "keys_in_user_data" {
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
  # ruleid: aws.ec2.user-data-secret
  user_data = <<-EOF
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAQ7EXAMPLEKEY2X3Y
    export AWS_SECRET_ACCESS_KEY=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
  EOF
}

resource "aws_launch_template" "password_in_user_data" {
  name = "password-in-user-data"
  metadata_options {
    http_tokens = "required"
  }
  # base64 of: #!/bin/bash\necho "DB_PASSWORD=Tr0ub4dor&3" >> /etc/app.env\n
  # ruleid: aws.ec2.user-data-secret
  user_data = "IyEvYmluL2Jhc2gKZWNobyAiREJfUEFTU1dPUkQ9VHIwdWI0ZG9yJjMiID4+IC9ldGMvYXBwLmVudgo="
}

# ok: aws.ec2.user-data-secret
resource "aws_instance" "secrets_manager" {
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
  # ok: aws.ec2.user-data-secret
  user_data = <<-EOF
    #!/bin/bash
    DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)
  EOF
}

# The password comes from a variable: the configuration does not contain it.
# ok: aws.ec2.user-data-secret
resource "aws_instance" "variable_in_user_data" {
  ami           = var.ami
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
  # ok: aws.ec2.user-data-secret
  user_data = <<-EOF
    #!/bin/bash
    echo "DB_PASSWORD=${var.db_password}" >> /etc/app.env
  EOF
}
