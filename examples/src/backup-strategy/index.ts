/**
 * The backup strategy of the DR plan as a program: apply it, apply it again, audit it.
 *
 * @module
 */
export * from './strategy';
export * from './report';
export * from './program';
export * from './drift';
