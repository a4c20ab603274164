import { rulesMarkdown } from '../auth/rules';

// The access table of src/auth/rules.ts as Markdown, for the README.
console.log(rulesMarkdown());
