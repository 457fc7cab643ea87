/** The files the seed's workflow keeps in a workspace root (no imports: cheap for any bundle). */

/** The requirement file; always a requirement file, whatever the settings say. */
export const REQUIREMENT_FILE_NAME = 'kinesis_requirement.md';

/** The architecture document generated from it. */
export const ARCHITECTURE_FILE_NAME = 'kinesis_streaming_architecture.md';
