import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableId } from '../functions';
import { type KeyAttr, TABLES } from '../tables';

const attr = (k: KeyAttr) => ({
  name: k.name,
  type: k.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * The DynamoDB tables, built from the same specs as the local stack (`infra/tables.ts`).
 * On-demand (costs nothing at rest), point-in-time recovery, and tables holding data are kept on
 * stack deletion and protected against deletion. Encrypted with the AWS-managed key (aws/dynamodb):
 * CloudTrail-visible key use without a customer key's monthly fee and key policy to maintain.
 */
export class Tables extends Construct {
  readonly byId: Record<TableId, TableV2>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const entries = TABLES.map((spec) => {
      const table = new TableV2(this, spec.id[0]?.toUpperCase() + spec.id.slice(1), {
        partitionKey: attr(spec.partitionKey),
        sortKey: spec.sortKey && attr(spec.sortKey),
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryptionV2.awsManagedKey(),
        timeToLiveAttribute: spec.timeToLiveAttribute,
        globalSecondaryIndexes: spec.globalSecondaryIndexes?.map((gsi) => ({
          indexName: gsi.indexName,
          partitionKey: attr(gsi.partitionKey),
          sortKey: gsi.sortKey && attr(gsi.sortKey),
          ...(gsi.nonKeyAttributes
            ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: gsi.nonKeyAttributes }
            : {}),
        })),
        deletionProtection: spec.holdsData,
        removalPolicy: spec.holdsData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      return [spec.id, table] as const;
    });
    this.byId = Object.fromEntries(entries) as Record<TableId, TableV2>;
  }
}
