/**
 * CloudTrail simulator: realistic background activity of an AWS account plus injected
 * attack scenarios with their ground truth, for testing and benchmarking `guardian investigate`.
 *
 *   const dataset = generateDataset({ seed: 7, start: new Date('2024-06-03'), days: 3,
 *     scenarios: [{ name: 'leaked-access-key', at: new Date('2024-06-04T02:13:00Z') }] });
 *   await writeS3Export(dataset, 'out/');   // AWSLogs/... + truth.json
 */
export { type DayBatch, type Dataset, type GenerateOptions, type ScenarioInjection, type SimulationPlan, generateDataset, generateDay, generateDays, planSimulation } from './generate.js';
export { type ExportOptions, type ExportStats, deliveryPath, writeS3Export, writeS3ExportStream } from './s3-export.js';
export type { CloudTrailRecord } from './record.js';
export { type ContainmentStep, type CreatedResource, type ScenarioTruth, SCENARIOS } from './scenarios/index.js';
export { type BackgroundProfile, defaultProfile, parseProfiles } from './profiles.js';
export { type AccountSnapshots, accountSnapshots } from './snapshots.js';
