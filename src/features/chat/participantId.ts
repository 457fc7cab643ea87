/** The `@kinesis` participant's id, as contributes.chatParticipants declares it. */
export const PARTICIPANT_ID = 'kinesis.architect';

/**
 * Vendor of the extension's own stand-in model (engineModel.ts), offered only while the host has no
 * language model, so `@kinesis` is reachable there; the participant answers it with the engine alone.
 */
export const ENGINE_MODEL_VENDOR = 'kinesis-studio';
