/**
 * What server.cfg needs so that clients can see the node (config.rb:186 default is 0 = off). 30 s is
 * the OpenShift deployment guide's value: a client must listen one interval to prove a node silent.
 * Its own module so the config renderer does not load the registration decoder.
 */
export const REGISTRATION_SERVER_SETTINGS = {registerinterval: 30, registration: 'agentlist'} as const;
