/** French: dates, numbers, phones, titles, demonyms (gazetteer) and the NIR. */
import { buildLanguageRules, nationalIdRules } from './build.ts';
import { nirValid } from './validators.ts';

/** Greetings before a first name ("Cher …"); trimmed off any name they open. */
export const FRENCH_SALUTATIONS: readonly string[] = ['Cher', 'Chère', 'Bonjour', 'Salut', 'Coucou'];

export const FRENCH_RULES = buildLanguageRules(
  {
    language: 'fr',
    months: ['janvier', 'février', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre', 'décembre', 'decembre', 'janv\\.', 'févr\\.', 'avr\\.', 'juil\\.', 'sept\\.', 'oct\\.', 'nov\\.', 'déc\\.'],
    // "mars" is also the planet and "mai" a tree: only with a day or a year.
    monthsAlone: ['janvier', 'février', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    day: '(?:1er|[12]\\d|3[01]|0?[1-9])',
    dayMonth: '[^\\S\\n]',
    monthYear: '[^\\S\\n]',
    weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    durationUnits: ['secondes?', 'minutes?', 'heures?', 'jours?', 'journées?', 'semaines?', 'mois', 'ans', 'an', 'années?', 'décennies?', 'siècles?'],
    numberWords: ['un', 'une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'vingt', 'trente', 'plusieurs', 'quelques'],
    yearRangeFrom: ['de', 'entre'],
    yearRangeTo: ['à', 'et'],
    currencies: ['euros?', 'centimes?', 'francs?'],
    scales: ['millions?', 'milliards?', 'M', 'Md'],
    percentWords: ['pour\\s?cent'],
    titles: ['Monsieur', 'Madame', 'Mademoiselle', 'M\\.', 'MM\\.', 'Mme', 'Mmes', 'Mlle', 'Me', 'Maître', 'Dr', 'Docteur', 'Pr', 'Professeur'],
    salutations: FRENCH_SALUTATIONS,
    particles: ['de', 'du', 'des', "d'", 'd’'],
    notNames: ['madame', 'monsieur', 'mademoiselle', 'messieurs', 'mesdames', 'clients', 'client', 'cliente', 'collègues', 'amis', 'tous', 'équipe', 'salutations'],
    stopwords: ['le', 'la', 'les', 'l', 'un', 'une', 'des', 'et', 'ou', 'mais', 'en', 'de', 'du', 'au', 'aux', 'avec', 'par', 'pour', 'sans', 'sur', 'sous', 'dans', 'entre', 'depuis', 'ce', 'cet', 'cette', 'ces', 'son', 'sa', 'ses', 'mon', 'ma', 'mes', 'notre', 'votre', 'leur', 'leurs', 'il', 'elle', 'ils', 'elles', 'nous', 'vous', 'on', 'je', 'tu', 'que', 'qui', 'quand', 'où', 'si', 'ne', 'pas', 'aussi', 'très', 'plus', 'selon', 'pendant', 'après', 'avant', 'lors', 'est', 'était'],
    capitalizedNames: true,
    phoneCues: ['téléphone', 'telephone', 'tél', 'tel', 'portable', 'mobile', 'fixe', 'fax', 'appeler'],
    referenceCues: ['facture', 'commande', 'dossier', 'contrat', 'client', 'numéro client', 'référence', 'réf', 'réservation', 'billet', 'ticket', 'adhérent', 'sinistre', 'colis'],
  },
  {
    code: nationalIdRules({
      // "1 85 05 78 006 084 36": sex, year, month, département, commune, order, key.
      name: 'fr-nir',
      pattern: /(?<![\w\-./])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w]|[-./]\d)/g,
      valid: nirValid,
      cues: ['nir', 'sécurité sociale', 'securite sociale', 'numéro de sécurité sociale', 'insee', 'sécu', 'carte vitale'],
      confidence: 0.9,
    }),
    datetime: [{ name: 'fr-time', entityType: 'DATETIME', subtype: 'TIME', confidence: 0.85, pattern: /(?<![\p{L}\p{N}])(?:[01]?\d|2[0-3])h(?:[0-5]\d)?(?![\p{L}\p{N}])/gu }],
  },
);
