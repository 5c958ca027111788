// Runs in a jest worker: the mock started by the global setup, faults set per test over its control routes.
const { connectMock } = require("@callspec/mock");

const mock = connectMock(process.env.MESSAGEBIRD_MOCK_URL);
const placeCall = () =>
  fetch(`${mock.url}/calls`, {
    method: "POST",
    headers: { authorization: "AccessKey test_jest", "content-type": "application/json" },
    body: JSON.stringify({ source: "31644556677", destination: "31612345678", callFlow: { steps: [{ action: "hangup" }] } }),
  });

beforeEach(() => mock.reset());

test("a reset after the call was accepted: the call counts as placed, once", async () => {
  await mock.fault("reset-after-accept", { match: "POST /calls" });
  await expect(placeCall()).rejects.toThrow();
  const entry = await mock.expectExactlyOne("POST /calls");
  expect(entry).toMatchObject({ placed: true, fault: "reset-after-accept" });
  expect(entry.status).toBeUndefined(); // the client got no answer
  expect(await mock.placedCalls()).toBe(1);
});

test("without a fault the mock answers as Prism does", async () => {
  expect((await placeCall()).status).toBe(201);
  expect(await mock.count("POST /calls")).toBe(1);
});
