// GraphQL types and fields of this area are defined here.
export {};
