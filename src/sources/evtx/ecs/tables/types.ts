/** Shapes of the pipeline tables generated beside this file. */
export type Strings = Readonly<Record<string, string>>;

/** An event id's ECS categorization: `event.category`, `event.type`, `event.action`. */
export interface Categorization {
  readonly category?: readonly string[];
  readonly type?: readonly string[];
  readonly action?: string;
}
