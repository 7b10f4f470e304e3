import reactHooks from 'eslint-plugin-react-hooks';
import base from '../../eslint.config.js';

export default [...base, reactHooks.configs.flat['recommended-latest'] ?? reactHooks.configs.flat.recommended];
