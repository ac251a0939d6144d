// The peer content-lint is measured against: remark-cli with GFM, the recommended
// remark-lint preset and remark-validate-links (the setup of the performance issue).
import remarkGfm from 'remark-gfm'
import remarkPresetLintRecommended from 'remark-preset-lint-recommended'
import remarkValidateLinks from 'remark-validate-links'

export default {plugins: [remarkGfm, remarkPresetLintRecommended, remarkValidateLinks]}
