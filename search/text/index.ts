export { normaliseText, normaliseWithMap, toSimplified } from "./normalise";
export { GENERIC_WORDS, GENERIC_WEIGHT, isGeneric } from "./generic";
export { SYNONYM_GROUPS, canonicalise, variantsOf } from "./synonyms";
export { prepare, words, preciseWords, bigrams, tokenize, indexString, queryTerms } from "./segment";
export { namePinyinTokens, looksLikePinyin } from "./pinyin";
export { splitSubtitle } from "./subtitle";
export { highlight, escapeHtml } from "./highlight";
