/** The credit-code checks are src/identifiers' (policies use them too); part of the tickets' surface. */
export * from '../identifiers';
