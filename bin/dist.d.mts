// Types of dist.mjs for the tests that import it.
export declare const ROOT: string;
export declare const SRC_DIR: string;
export declare const DIST_DIR: string;
export declare const BUILD_INFO: string;
export declare function newestSourceTime(dir?: string): number;
export declare function distIsFresh(srcDir?: string, buildInfo?: string): boolean;
