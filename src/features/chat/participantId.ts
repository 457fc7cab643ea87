/** The `@kinesis` participant's id, as contributes.chatParticipants declares it. */
export const PARTICIPANT_ID = 'kinesis.architect';
