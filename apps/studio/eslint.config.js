import base from '../../eslint.config.js';
import { reactRules } from '../../packages/ui/eslint.config.js';

export default [...base, ...reactRules];
