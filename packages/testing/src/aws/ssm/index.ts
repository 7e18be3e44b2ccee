export { ssmService, SsmState, type SsmParameterVersion } from './ssmService';
