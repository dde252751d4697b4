/**
 * Elasticsearch's `standard` analyzer (Unicode word segmentation + lowercase), which text and
 * match_only_text fields use. API contract (implementation in progress).
 */
export declare function analyzeText(text: string): string[];
