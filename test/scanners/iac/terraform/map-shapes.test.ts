import { describe, expect, it } from 'vitest';
import { type Resource, Unknown, lineOf, valueAt } from '../../../../src/scanners/iac/graph.js';
import { loadTerraform } from '../../../../src/scanners/iac/terraform/index.js';

/**
 * The shapes and conversions of the EC2, VPC and ECS mappings: what a field table cannot
 * express (security group rules with one source per entry, aws_security_group_rule merged
 * into its group, ECS container definitions JSON, base64 user data, an instance's public IP).
 */
const MAIN = `
variable "cidrs" {
  type = list(string)
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = "22"
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = var.cidrs
  }
  dynamic "ingress" {
    for_each = [80]
    content {
      from_port = ingress.value
    }
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "unknown_direction" {
  type              = var.cidrs[0]
  from_port         = 1
  to_port           = 1
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_instance" "public" {
  ami                         = "ami-0123456789abcdef0"
  associate_public_ip_address = "true"
  user_data_base64            = "ZWNobyBoaQo="
}

resource "aws_launch_template" "app" {
  user_data = "not base64!"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name             = "app"
    image            = "app:1"
    environment      = [{ name = "MODE", value = "prod" }]
    logConfiguration = { logDriver = "awslogs", options = { "awslogs-group" = "/ecs/app" } }
    dockerLabels     = { "com.example.team" = "shop" }
  }])
}
`;

async function load(): Promise<Map<string, Resource>> {
  const { resources, warnings } = await loadTerraform([{ path: 'infra/main.tf', text: MAIN }]);
  expect(warnings).toEqual([]);
  return new Map(resources.map((r) => [r.id, r]));
}

describe('Terraform EC2, VPC and ECS shapes', () => {
  it('makes one CloudFormation rule entry per source, with unknown sources and dynamic blocks kept unknown', async () => {
    const group = (await load()).get('aws_security_group.web')!;
    expect(group.type).toBe('AWS::EC2::SecurityGroup');
    const ingress = group.properties.SecurityGroupIngress as unknown[];
    expect(ingress.slice(0, 2)).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' },
    ]);
    expect(valueAt(group.properties, ['SecurityGroupIngress', 2, 'CidrIp'])).toBeInstanceOf(Unknown);
    expect((ingress[3] as Unknown).expression).toBe('dynamic "ingress"');
    expect(group.properties.SecurityGroupEgress).toEqual([{ IpProtocol: '-1', FromPort: 0, ToPort: 0, CidrIp: '0.0.0.0/0' }]);
    // Entries point at their block, fields at their argument.
    expect(lineOf(group, ['SecurityGroupIngress', 1])).toBe(8);
    expect(lineOf(group, ['SecurityGroupIngress', 1, 'CidrIp'])).toBe(12);
  });

  it('merges aws_security_group_rule into the group it references, by its type', async () => {
    const group = (await load()).get('aws_security_group.web')!;
    const ingress = group.properties.SecurityGroupIngress as unknown[];
    // The rule of unknown direction is not merged anywhere.
    expect(ingress).toHaveLength(5);
    expect(ingress[4]).toEqual({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv6: '::/0' });
    expect(lineOf(group, ['SecurityGroupIngress', 4])).toBe(34);
  });

  it('turns ECS container definitions JSON into CloudFormation keys, keeping user-chosen map keys', async () => {
    const task = (await load()).get('aws_ecs_task_definition.app')!;
    expect(task.properties.ContainerDefinitions).toEqual([
      {
        Name: 'app',
        Image: 'app:1',
        Environment: [{ Name: 'MODE', Value: 'prod' }],
        LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': '/ecs/app' } },
        DockerLabels: { 'com.example.team': 'shop' },
      },
    ]);
  });

  it('maps an instance public IP to its primary network interface and decodes base64 user data', async () => {
    const resources = await load();
    const instance = resources.get('aws_instance.public')!;
    expect(instance.properties.NetworkInterfaces).toEqual([{ DeviceIndex: '0', AssociatePublicIpAddress: true }]);
    expect(lineOf(instance, ['NetworkInterfaces', 0])).toBe(54);
    expect(instance.properties.UserData).toBe('echo hi\n');
    // Text that is not base64 is kept as written.
    expect(valueAt(resources.get('aws_launch_template.app')!.properties, ['LaunchTemplateData', 'UserData'])).toBe('not base64!');
  });
});
