/** Masking of phone, ID and credit-code numbers in text and in any value (logs, records). */
export * from './mask';
