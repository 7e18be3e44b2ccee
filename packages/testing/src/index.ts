/**
 * `@drkit/testing`: a simulated AWS and MongoDB Atlas on virtual time, with fault injection
 * and a call recorder, for testing DR runbooks offline.
 *
 * @packageDocumentation
 */
export * from './time/VirtualClock';
export * from './time/SeededRandom';
export * from './faults/FaultSpec';
export * from './faults/FaultInjector';
export * from './recorder/CallRecorder';
