// This repository's own remark configuration: the content-lint preset, as a content
// repository would use it with remark-cli or the unified language server.
// (`content-lint/preset` resolves to this package's build: run `npm ci` or `npm run build` first.)
import contentLint from 'content-lint/preset'

export default {
  plugins: [contentLint]
}
