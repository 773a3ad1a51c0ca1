import Testing

@testable import CredexAccess

@Suite("Roles")
struct RoleTests {
    @Test("officer < operator < admin, and each includes the ones below it")
    func ordering() {
        #expect(Role.officer < .operator && Role.operator < .admin)
        #expect(Role.allCases.sorted() == [.officer, .operator, .admin])
        #expect(Role.admin.includes(.operator) && Role.admin.includes(.officer) && Role.operator.includes(.officer))
        #expect(!Role.officer.includes(.operator) && !Role.operator.includes(.admin))
    }

    @Test("what each role may do")
    func permissions() {
        let officer: Set = [Permission.readPersonal, .saveReport]
        let operatorOnly: Set = [Permission.exportPersonal, .erasePersonal]
        let adminOnly: Set = [Permission.manageTokens, .readAudit]
        for permission in officer.union(operatorOnly).union(adminOnly) {
            #expect(Role.officer.may(permission) == officer.contains(permission), "\(permission)")
            #expect(Role.operator.may(permission) == !adminOnly.contains(permission), "\(permission)")
            #expect(Role.admin.may(permission), "\(permission)")
        }
        let principal = Principal(
            tokenID: TokenID(unsafeTestID: "tk_00000000000000aa"),
            name: "x",
            role: .operator,
            method: .bearer
        )
        #expect(principal.may(.exportPersonal) && !principal.may(.manageTokens))
    }
}
