/** Spanish: dates, numbers, phones, titles, firms by legal form, streets, the DNI and NIE. */
import type { Rule } from '../types.ts';
import { buildLanguageRules, legalFormRule, nationalIdRules, streetRule } from './build.ts';
import { dniValid, nieValid } from './validators.ts';

const SP = '[^\\S\\n]';
const LINKS = ['de', 'de la', 'de los', 'de las', 'del', 'y', '&'];

const names: Rule[] = [
  // "Construcciones López S.L.", "Banco Santander, S.A.", "Transportes García y Hijos S.L.U."; not "El SA dijo".
  legalFormRule('es', {
    forms: [`S\\.${SP}?L\\.(?:${SP}?U\\.|${SP}?L\\.)?`, `S\\.${SP}?A\\.(?:${SP}?U\\.)?`, `S\\.${SP}?Coop\\.`, 'SLU?', 'SAU?'],
    links: LINKS,
    openers: ['El', 'La', 'Los', 'Las', 'Un', 'Una', 'En', 'De', 'Del', 'Al', 'Y', 'Con', 'Por', 'Para', 'Según', 'Desde'],
    requires: ['S.', 'SL', 'SA'],
  }),
  // "Calle Mayor 12", "C/ de Alcalá, 45", "Avenida de la Constitución 3", "Plaza de España".
  streetRule('es', { prefixes: ['Calle', 'C/', 'Avenida', 'Avda\\.', 'Av\\.', 'Plaza', 'Pza\\.', 'Paseo', 'Camino', 'Carretera', 'Ronda', 'Travesía', 'Glorieta', 'Rambla'], links: LINKS }),
];
/** Greetings before a first name ("Estimado …"); trimmed off any name they open. */
export const SPANISH_SALUTATIONS: readonly string[] = ['Estimado', 'Estimada', 'Querido', 'Querida', 'Hola', 'Apreciado', 'Apreciada'];

export const SPANISH_RULES = buildLanguageRules(
  {
    language: 'es',
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre', 'ene\\.', 'feb\\.', 'mar\\.', 'abr\\.', 'jun\\.', 'jul\\.', 'ago\\.', 'sept?\\.', 'oct\\.', 'nov\\.', 'dic\\.'],
    monthsAlone: ['enero', 'febrero', 'marzo', 'abril', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre'],
    dayMonth: `${SP}de${SP}`,
    monthYear: `(?:${SP}del?)?${SP}`,
    weekdays: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábados?', 'domingos?'],
    durationUnits: ['segundos?', 'minutos?', 'horas?', 'días?', 'semanas?', 'mes', 'meses', 'años?', 'décadas?', 'siglos?'],
    numberWords: ['un', 'una', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'veinte', 'treinta', 'varios', 'varias', 'algunos', 'algunas'],
    yearRangeFrom: ['de', 'desde', 'entre'],
    yearRangeTo: ['a', 'hasta', 'y'],
    currencies: ['euros?', 'céntimos?', 'pesetas?', 'dólares', 'dólar'],
    scales: ['millones', 'millón', 'mil', 'M'],
    percentWords: ['por\\s?ciento'],
    titles: ['Sr\\.', 'Sra\\.', 'Srta\\.', 'Señor', 'Señora', 'Señorita', 'Don', 'Doña', 'D\\.', 'Dña\\.', 'Dr\\.', 'Dra\\.', 'Lic\\.', 'Ing\\.', 'Prof\\.'],
    salutations: SPANISH_SALUTATIONS,
    particles: ['de', 'del', 'de la', 'de los', 'de las'],
    notNames: ['señores', 'señoras', 'clientes', 'cliente', 'amigos', 'amigas', 'colegas', 'compañeros', 'equipo', 'todos', 'saludos'],
    stopwords: ['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'y', 'o', 'pero', 'en', 'de', 'del', 'al', 'a', 'con', 'por', 'para', 'sin', 'sobre', 'entre', 'desde', 'hasta', 'este', 'esta', 'estos', 'estas', 'ese', 'esa', 'esos', 'esas', 'su', 'sus', 'mi', 'mis', 'tu', 'nuestro', 'nuestra', 'le', 'lo', 'les', 'se', 'que', 'como', 'cuando', 'donde', 'si', 'no', 'también', 'ya', 'muy', 'más', 'hay', 'es', 'fue', 'según', 'durante', 'tras', 'ante', 'él', 'ella', 'ellos', 'nosotros', 'usted', 'ustedes'],
    capitalizedNames: true,
    phoneCues: ['teléfono', 'telefono', 'tel', 'tlf', 'tfno', 'móvil', 'movil', 'fax', 'llamar'],
    referenceCues: ['factura', 'pedido', 'expediente', 'contrato', 'cliente', 'número de cliente', 'referencia', 'ref', 'reserva', 'póliza', 'socio', 'ticket', 'localizador', 'envío'],
  },
  {
    names,
    code: [
      ...nationalIdRules({ name: 'es-dni', pattern: /(?<![\p{L}\p{N}-])\d{8}-?[A-Z](?![\p{L}\p{N}])/gu, valid: dniValid, cues: ['dni', 'nif', 'documento nacional de identidad', 'documento', 'identidad'] }),
      ...nationalIdRules({ name: 'es-nie', pattern: /(?<![\p{L}\p{N}-])[XYZ]-?\d{7}-?[A-Z](?![\p{L}\p{N}])/gu, valid: nieValid, cues: ['nie', 'extranjero', 'extranjería', 'identidad'] }),
      {
        // National numbers without a trunk 0: "912 345 678", "612 34 56 78".
        name: 'es-phone-national',
        entityType: 'CODE',
        subtype: 'PHONE',
        confidence: 0.6,
        pattern: /(?<![\w+\-./])[6789]\d{2}(?: \d{3} \d{3}| \d{2} \d{2} \d{2})(?![\w]|[-./]\d)/g,
        context: { raise: ['teléfono', 'telefono', 'tel', 'tlf', 'móvil', 'movil', 'fax', 'llamar'], lower: ['dni', 'nie', 'cuenta', 'factura', 'pedido'] },
      },
    ],
  },
);
