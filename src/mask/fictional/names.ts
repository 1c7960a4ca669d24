/** Names shared by the strategy and the restore side (which loads no faker data). */
export const FICTIONAL_STRATEGY = 'fictional';
/** Mapping entries of fictional substitutes have keys `F:<entity number>`: restore recognizes them by it. */
export const FICTIONAL_KEY_PREFIX = 'F:';
