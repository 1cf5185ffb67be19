/** The shortest password a user may choose. */
export const minPasswordLength = 8;

/** The rule every password a user chooses meets (setup, a new user, a password change), in the API and the forms: 8 to 1,024 characters. */
export const isAcceptablePassword = (password: string) => password.length >= minPasswordLength && password.length <= 1024;
