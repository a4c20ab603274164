import { rulesMarkdown } from '../features/auth';

// The access table of src/features/auth/rules.ts as Markdown, for the README.
console.log(rulesMarkdown());
