/** Types for the part of stopword used here (the package ships none for its named lists). */
declare module 'stopword' {
  export const deu: readonly string[];
  export const spa: readonly string[];
  export const nld: readonly string[];
  export const fra: readonly string[];
  export const pol: readonly string[];
}
