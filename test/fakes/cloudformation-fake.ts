import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake, requestBody } from './loopback-fake';

/**
 * A local CloudFormation for GetTemplate and DescribeChangeSet in the service's Query protocol
 * (POST / with a form-encoded `Action=...&Version=2010-05-15`, SigV4-signed; XML answers in the
 * 2010-05-15 namespace; lists as `<member>`; errors as `<ErrorResponse><Error><Code>` with HTTP 400),
 * so the real SDK v3 client works against it through AWS_ENDPOINT_URL_CLOUDFORMATION.
 *
 * Modelled as CloudFormation documents it: a stack that does not exist is a ValidationError
 * "Stack with id X does not exist"; an unknown change set is ChangeSetNotFoundException; a change
 * set's changes come in pages of `pageSize` with an opaque NextToken; a change set that changes
 * nothing has Status FAILED with "The submitted information didn't contain changes...".
 */

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** One property change of a Modify (`Details[].Target`). */
export interface FakeDetail {
  readonly name: string;
  /** Never, Conditionally or Always. */
  readonly requiresRecreation: string;
  readonly evaluation?: 'Static' | 'Dynamic';
}

/** One `ResourceChange` of a change set. */
export interface FakeResourceChange {
  readonly action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';
  readonly logicalId: string;
  readonly resourceType: string;
  /** True, False or Conditional (Modify only). */
  readonly replacement?: 'True' | 'False' | 'Conditional';
  readonly details?: readonly FakeDetail[];
}

export interface FakeChangeSet {
  readonly status: 'CREATE_COMPLETE' | 'FAILED' | 'CREATE_PENDING';
  readonly statusReason?: string;
  readonly changes: readonly FakeResourceChange[];
}

class CfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, inner: string | undefined) =>
  inner === undefined ? '' : `<${name}>${inner}</${name}>`;
const members = (items: readonly string[]) => items.map((i) => `<member>${i}</member>`).join('');

export class CloudFormationFake extends LoopbackFake {
  private readonly templates = new Map<string, string>();
  private readonly changeSets = new Map<string, FakeChangeSet>();
  /** Every request's parameters, in order. */
  readonly requests: Record<string, string>[] = [];

  constructor(readonly pageSize = 100) {
    super();
  }

  /** A deployed stack and its template (a JSON object, or a YAML/JSON string as given). */
  addStack(stackName: string, template: object | string): void {
    this.templates.set(stackName, typeof template === 'string' ? template : JSON.stringify(template));
  }

  addChangeSet(stackName: string, changeSetName: string, changeSet: FakeChangeSet): void {
    this.changeSets.set(`${stackName}/${changeSetName}`, changeSet);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await requestBody(req);
    const params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    let status = 200;
    let body: string;
    try {
      if (req.method !== 'POST') throw new CfnError('InvalidAction', 'Use POST');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new CfnError('MissingAuthenticationToken', 'Missing Authentication Token');
      }
      if (params.Version !== '2010-05-15')
        throw new CfnError('InvalidParameterValue', 'Version must be 2010-05-15');
      this.requests.push(params);
      const result =
        params.Action === 'GetTemplate'
          ? this.getTemplate(params)
          : params.Action === 'DescribeChangeSet'
            ? this.describeChangeSet(params)
            : undefined;
      if (result === undefined) throw new CfnError('InvalidAction', `${params.Action} is not modelled here`);
      body = `<${params.Action}Response xmlns="${NS}"><${params.Action}Result>${result}</${params.Action}Result><ResponseMetadata><RequestId>fake-${this.requests.length}</RequestId></ResponseMetadata></${params.Action}Response>`;
    } catch (error) {
      if (!(error instanceof CfnError)) throw error;
      status = 400;
      body = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error><RequestId>fake-error</RequestId></ErrorResponse>`;
    }
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(body);
  }

  private stackTemplate(stackName: string | undefined): string {
    const template = stackName === undefined ? undefined : this.templates.get(stackName);
    if (template === undefined)
      throw new CfnError('ValidationError', `Stack with id ${stackName} does not exist`);
    return template;
  }

  private getTemplate(params: Record<string, string>): string {
    const template = this.stackTemplate(params.StackName);
    return `${el('TemplateBody', xml(template))}<StagesAvailable>${members(['Original', 'Processed'])}</StagesAvailable>`;
  }

  private describeChangeSet(params: Record<string, string>): string {
    this.stackTemplate(params.StackName);
    const changeSet = this.changeSets.get(`${params.StackName}/${params.ChangeSetName}`);
    if (changeSet === undefined) {
      throw new CfnError('ChangeSetNotFoundException', `ChangeSet [${params.ChangeSetName}] does not exist`);
    }
    const start =
      params.NextToken === undefined ? 0 : Number(Buffer.from(params.NextToken, 'base64url').toString());
    const page = changeSet.changes.slice(start, start + this.pageSize);
    const next = start + this.pageSize < changeSet.changes.length ? start + this.pageSize : undefined;
    const change = (c: FakeResourceChange) =>
      `<Type>Resource</Type><ResourceChange>${el('Action', c.action)}${el('LogicalResourceId', c.logicalId)}${el(
        'ResourceType',
        c.resourceType,
      )}${el('Replacement', c.replacement)}${
        c.details === undefined
          ? ''
          : `<Details>${members(
              c.details.map(
                (d) =>
                  `<Target><Attribute>Properties</Attribute>${el('Name', d.name)}${el('RequiresRecreation', d.requiresRecreation)}</Target>${el('Evaluation', d.evaluation ?? 'Static')}<ChangeSource>DirectModification</ChangeSource>`,
              ),
            )}</Details>`
      }</ResourceChange>`;
    return [
      el('ChangeSetName', xml(params.ChangeSetName!)),
      el('StackName', xml(params.StackName!)),
      el('Status', changeSet.status),
      el('ExecutionStatus', changeSet.status === 'CREATE_COMPLETE' ? 'AVAILABLE' : 'UNAVAILABLE'),
      el('StatusReason', changeSet.statusReason === undefined ? undefined : xml(changeSet.statusReason)),
      `<Changes>${members(page.map(change))}</Changes>`,
      el('NextToken', next === undefined ? undefined : Buffer.from(String(next)).toString('base64url')),
    ].join('');
  }
}
