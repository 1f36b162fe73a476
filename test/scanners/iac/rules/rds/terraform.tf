variable "db_password" {
  type      = string
  sensitive = true
}

variable "default_password" {
  type    = string
  default = "changeme-please"
}

# Everything left to the defaults; the password comes from a variable without a default.
# ruleid: aws.rds.storage-not-encrypted, aws.rds.deletion-protection-disabled, aws.rds.iam-auth-disabled
# ok: aws.rds.publicly-accessible, aws.rds.backups-disabled, aws.rds.auto-minor-version-upgrade-disabled, aws.rds.master-password-literal
resource "aws_db_instance" "defaults" {
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
}

resource "aws_db_instance" "weak" {
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "admin"
  # ruleid: aws.rds.master-password-literal
  password = "Sup3rS3cret!"
  # ruleid: aws.rds.backups-disabled
  backup_retention_period = 0
  # ruleid: aws.rds.storage-not-encrypted
  storage_encrypted = false
  # ruleid: aws.rds.publicly-accessible
  publicly_accessible = true
  # ruleid: aws.rds.deletion-protection-disabled
  deletion_protection = false
  # ruleid: aws.rds.iam-auth-disabled
  iam_database_authentication_enabled = false
  # ruleid: aws.rds.auto-minor-version-upgrade-disabled
  auto_minor_version_upgrade = false
}

# ok: aws.rds.storage-not-encrypted, aws.rds.publicly-accessible, aws.rds.backups-disabled, aws.rds.deletion-protection-disabled, aws.rds.iam-auth-disabled, aws.rds.auto-minor-version-upgrade-disabled, aws.rds.master-password-literal
resource "aws_db_instance" "strong" {
  engine                              = "postgres"
  instance_class                      = "db.t4g.micro"
  allocated_storage                   = 20
  username                            = "app"
  manage_master_user_password         = true
  storage_encrypted                   = true
  kms_key_id                          = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  publicly_accessible                 = false
  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = true
}

resource "aws_db_instance" "default_password" {
  engine                              = "mariadb"
  instance_class                      = "db.t4g.micro"
  username                            = "app"
  storage_encrypted                   = true
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  # ruleid: aws.rds.master-password-literal
  password = var.default_password
}

# A read replica inherits encryption and may run without backups.
# ok: aws.rds.storage-not-encrypted, aws.rds.backups-disabled
resource "aws_db_instance" "replica" {
  replicate_source_db     = aws_db_instance.strong.identifier
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0
  deletion_protection     = true
}

# ok: aws.rds.master-password-literal
# ruleid: aws.rds.storage-not-encrypted, aws.rds.deletion-protection-disabled, aws.rds.iam-auth-disabled
resource "aws_rds_cluster" "aurora" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  # ruleid: aws.rds.backups-disabled
  backup_retention_period = 0
}

# ok: aws.rds.storage-not-encrypted, aws.rds.deletion-protection-disabled, aws.rds.iam-auth-disabled, aws.rds.backups-disabled
resource "aws_rds_cluster_instance" "aurora" {
  identifier         = "orders-1"
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
  # ruleid: aws.rds.publicly-accessible
  publicly_accessible = true
}

# Aurora Serverless v1 is always encrypted.
# ok: aws.rds.storage-not-encrypted, aws.rds.master-password-literal
resource "aws_rds_cluster" "serverless" {
  cluster_identifier                  = "reports"
  engine                              = "aurora-mysql"
  engine_mode                         = "serverless"
  master_username                     = "app"
  master_password                     = var.db_password
  deletion_protection                 = true
  iam_database_authentication_enabled = true
}

resource "aws_rds_cluster" "literal_password" {
  cluster_identifier                  = "legacy"
  engine                              = "aurora-mysql"
  master_username                     = "app"
  storage_encrypted                   = true
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  # ruleid: aws.rds.master-password-literal
  master_password = "hunter2hunter2"
}
