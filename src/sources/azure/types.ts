/** What mapping one Azure record gave: the ECS document and its data stream, or why not. */
import type { Doc } from './fields.ts';

export type AzureDataset = 'azure.signinlogs' | 'azure.auditlogs' | 'azure.activitylogs';

export type AzureMapped = { readonly doc: Doc; readonly dataset: AzureDataset } | { readonly notMapped: string; readonly message: string };
