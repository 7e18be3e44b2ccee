export { ssmService } from './ssmService';
export * from './ParameterStore';
