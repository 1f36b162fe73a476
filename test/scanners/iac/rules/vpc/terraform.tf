variable "admin_cidrs" {
  type = list(string)
}

# --- security groups ---------------------------------------------------------------------

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  # ok: aws.vpc.sg-open-admin-ports, aws.vpc.sg-open-all-ports, aws.vpc.sg-open-database-ports
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  # ruleid: aws.vpc.sg-open-admin-ports
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
  # ruleid: aws.vpc.sg-open-all-ports
  ingress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
  # Egress to anywhere is the norm, not an exposure.
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# ok: aws.vpc.sg-open-admin-ports, aws.vpc.sg-open-all-ports, aws.vpc.sg-open-database-ports
resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id]
  }
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["192.168.0.0/16"]
  }
}

# A dynamic block is unknown; the rule written out beside it is still checked.
resource "aws_security_group" "mixed" {
  name = "mixed"
  dynamic "ingress" {
    for_each = var.admin_cidrs
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
  # ruleid: aws.vpc.sg-open-database-ports
  ingress {
    from_port   = "3306"
    to_port     = "3306"
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# ok: aws.vpc.sg-open-admin-ports
resource "aws_security_group" "only_dynamic" {
  name = "only-dynamic"
  dynamic "ingress" {
    for_each = [22]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

# Rules as attributes instead of blocks.
resource "aws_security_group" "attributes" {
  name = "attributes"
  # ruleid: aws.vpc.sg-open-all-ports
  ingress = [{
    from_port        = 1
    to_port          = 65535
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
    description      = "everything"
  }]
}

# aws_security_group_rule resources become rules of the group they reference.
resource "aws_security_group" "database" {
  name = "database"
}

# ruleid: aws.vpc.sg-open-database-ports
resource "aws_security_group_rule" "postgres_world" {
  type              = "ingress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.database.id
}

# ok: aws.vpc.sg-open-all-ports
resource "aws_security_group_rule" "egress_all" {
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.database.id
}

resource "aws_security_group" "bastion" {
  name = "bastion"
}

# ruleid: aws.vpc.sg-open-admin-ports
resource "aws_vpc_security_group_ingress_rule" "ssh_world" {
  security_group_id = aws_security_group.bastion.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}

# ok: aws.vpc.sg-open-admin-ports, aws.vpc.sg-open-all-ports, aws.vpc.sg-open-database-ports
resource "aws_vpc_security_group_ingress_rule" "from_web" {
  security_group_id            = aws_security_group.bastion.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.web.id
}

# --- flow logs ---------------------------------------------------------------------------

# ok: aws.vpc.flow-logs-disabled
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs-bucket"
}

# ruleid: aws.vpc.flow-logs-disabled
resource "aws_vpc" "unlogged" {
  cidr_block = "10.1.0.0/16"
}

# --- subnets -----------------------------------------------------------------------------

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
  # ruleid: aws.vpc.subnet-auto-public-ip
  map_public_ip_on_launch = true
}

# ok: aws.vpc.subnet-auto-public-ip
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
