// Page-size limits, documented in the README and in the schema.

/** Page size when a connection is asked for neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest `first` or `last` a connection accepts; more is an error, not a silent clamp. */
export const MAX_PAGE_SIZE = 100;
